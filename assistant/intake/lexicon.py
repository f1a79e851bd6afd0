"""Words the intake matches, in normal form (lower case, no diacritics): vi and en."""

FIELD_WORDS = {
    "reach": ["tiep can", "reach", "reached", "nguoi xem", "luot xem", "hien thi", "impressions",
              "luot tiep can", "views", "nguoi thay", "people"],
    "visits": ["truy cap", "luot truy cap", "visit", "visits", "vao web", "vao website", "vao trang",
               "click", "clicks", "luot click", "sessions", "traffic", "ghe tham", "landing page"],
    "leads": ["tin nhan", "mess", "inbox", "ib", "lead", "leads", "khach hang tiem nang", "tiem nang",
              "de lai", "de lai thong tin", "de lai so", "dang ky", "form", "lien he", "cuoc goi",
              "goi dien", "hoi gia", "nhan tin", "comment", "binh luan", "messages", "message",
              "enquiries", "inquiries", "contacts", "sdt", "so dien thoai", "khach hoi", "nguoi hoi",
              "conversations", "cuoc tro chuyen", "signups", "sign ups"],
    "qualified": ["du dieu kien", "qualified", "mql", "sql", "hen", "lich hen", "hen gap", "demo",
                  "den trai nghiem", "hoc thu", "tu van truc tiep", "appointments", "appointment",
                  "meetings", "trial", "trials", "den tham", "test dau vao", "kiem tra dau vao",
                  "chat luong", "den kham", "bao gia", "lead du dieu kien", "lead chat luong",
                  "qualified leads", "khach tiem nang that", "dang ky hoc thu", "dang ky trai nghiem",
                  "dat lich", "dat hen", "dat lich hen", "dat lich kham", "hen kham",
                  "booking", "bookings"],
    "customers": ["don", "don hang", "chot", "chot duoc", "khach mua", "mua hang", "hop dong", "customers",
                  "customer", "orders", "order", "deals", "ban duoc", "hoc vien", "khach hang moi",
                  "khach moi", "dang ky hoc", "nhap hoc", "closed", "won", "buyers", "clients", "signed",
                  "sales", "khach", "lieu trinh", "dong phi", "dong hoc phi", "thanh toan", "chuyen khoan",
                  "paid", "paying customers", "lam dich vu", "dung dich vu", "su dung dich vu", "mua goi",
                  "dieu tri"],
    "repeat_customers": ["mua lai", "quay lai", "repeat", "khach cu", "returning", "tai mua", "tai kham",
                         "gia han", "renew", "renewed", "khach quay lai", "khach mua lai", "khach hang cu",
                         "khach hang quay lai", "repeat customers", "returning customers"],
    "spend": ["cpx", "ads", "quang cao", "chi phi", "chi het", "chi ra", "chi cho", "da chi", "ngan sach", "spend",
              "spent", "budget", "het", "dot", "ad spend", "cost", "chay", "marketing", "facebook", "google"],
    "revenue": ["doanh thu", "revenue", "doanh so", "thu ve", "thu duoc", "turnover", "made", "sales of"],
    "target_revenue": ["muc tieu", "target", "goal", "muon dat", "ke hoach", "aim", "want", "muon len",
                       "muon"],
    "gross_margin": ["bien loi nhuan", "margin", "lai gop", "loi nhuan gop", "bien lai", "gross margin"],
}

COUNT_NOUNS = ["nguoi", "luot", "khach", "tin", "don", "lead", "leads", "mess", "hoc vien",
               "cuoc", "hop dong", "people", "visits", "clicks", "orders", "customers", "messages",
               "deals", "clients", "contacts", "students", "patients", "benh nhan", "lich"]

PRACTICE_WORDS = {
    "target_customer_defined": ["khach hang muc tieu", "chan dung khach hang", "chan dung khach",
                                "tep khach", "doi tuong khach hang", "khach muc tieu", "target customer",
                                "target customers", "ideal customer", "persona", "target audience",
                                "ban cho ai", "chan dung"],
    "positioning_defined": ["dinh vi", "khac biet", "positioning", "usp", "diem khac biet",
                            "differentiation", "unique selling"],
    "business_goal_defined": ["muc tieu kinh doanh", "muc tieu doanh thu", "business goal",
                              "revenue goal", "revenue target", "ke hoach doanh thu", "sales target"],
    "kpis_tracked": ["kpi", "kpis", "theo doi so lieu", "do luong", "track", "tracking", "so lieu",
                     "bao cao so", "theo doi chi so", "chi so"],
    "dashboard": ["dashboard", "bang theo doi"],
    "crm": ["crm"],
    "sales_sla": ["sla"],
    "lead_definition_agreed": ["dinh nghia lead", "tieu chi lead", "lead definition"],
}

YES_WORDS = ["co", "roi", "da co", "co roi", "yes", "yep", "sure", "ro rang", "da", "we have",
             "we do", "of course", "dung", "ok", "co chu"]
NO_WORDS = ["khong", "chua", "ko", "k", "khong co", "chua co", "no", "not", "don't", "dont",
            "haven't", "havent", "never", "nope", "none", "without", "mu mo", "ban ca lang", "chang"]
UNKNOWN_WORDS = ["khong biet", "chua ro", "khong ro", "ko biet", "k biet", "ko ro", "chiu",
                 "not sure", "don't know", "dont know", "no idea", "idk", "unknown", "khong nho",
                 "khong chac", "chua biet"]
NONE_WORDS = ["khong co", "chua co", "ko co", "none", "no data", "khong theo doi", "chua theo doi",
              "don't track", "dont track", "not tracked", "khong do"]
GO_AHEAD = ["cu phan tich", "phan tich di", "phan tich luon", "chan doan di", "chan doan luon",
            "cu chan doan", "go ahead", "just diagnose", "analyse it", "analyze it", "analyse now",
            "analyze now", "diagnose now", "with what you have", "lam di", "tiep di", "vay thoi",
            "the thoi", "cu lam", "just go", "phan tich voi", "chan doan voi"]
MONEY_UNITS = r"(d|dong|vnd|usd|\$|trieu|tr|ty|ti|k|cu|lit|nghin dong|ngan dong)"
VAGUE_WORDS = ["chua ro", "khong ro", "ko ro", "mu mo", "chua ro rang", "unclear", "not clear", "vague"]
EN_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mil": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
SMART_TRIGGER = {"kiem", "tra", "giup", "muc", "tieu", "smart", "check", "my", "goal", "is", "co", "khong",
                 "danh", "gia", "cua", "toi", "minh", "em", "anh", "chi", "nay", "review", "please", "the",
                 "nay", "xem", "hop", "ly", "on", "this", "a", "dat", "chuan", "cho", "voi", "nhe"}
CLASSIFY_WORDS = ["loai nao", "thuoc loai", "la kpi gi", "kpi gi", "dau vao hay", "dau ra hay", "input or",
                  "output or", "which level", "what kind of kpi", "what type of kpi", "la gi", "what is",
                  "chien luoc hay", "strategic or", "cong thuc", "formula", "tinh the nao", "how is"]
NOT_FIGURE_AFTER = {"tuoi", "nam", "thang", "ngay", "tuan", "gio", "phut", "lan", "h", "km", "kg", "size",
                    "years", "year", "months", "month", "days", "day", "weeks", "hours", "times", "am", "pm",
                    "chi", "nhan", "nguoi/ngay", "sao", "quy", "q"}
NOT_FIGURE_BEFORE = {"thang", "quy", "nam", "ngay", "tuan", "lop", "q", "month", "quarter", "year", "week",
                     "size", "tang", "phong", "so", "top", "nu", "tuoi", "age", "aged", "quan", "phuong",
                     "duong", "hem", "ngo", "district", "street", "floor", "room", "number", "no"}
SPEND_MARK = "cpx"  # stands for the word "chi" (spend), same length, see reader._mark_spend
PER_PERIOD = [(["moi ngay", "/ ngay", "1 ngay", "mot ngay", "per day", "a day", "daily", "/ day"], 30.0),
              (["moi tuan", "/ tuan", "1 tuan", "mot tuan", "per week", "a week", "weekly", "/ week"], 30 / 7)]
