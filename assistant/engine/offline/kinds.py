"""The kind of an owner's turn once the intake has read it: glossary, why, disagreement, planning,
capability, out of scope. Rules on the normal form (vi with or without diacritics, en); None = not one
of these (the intents of `intents.py` take the turn)."""

import re
from dataclasses import dataclass

from assistant.intake.text import norm

KINDS = ("glossary", "why", "disagree", "plan", "compare", "capability", "decline")
PLAN_KINDS = ("budget", "cut", "target", "whatif", "breakeven")

# a KPI or term the glossary explains, by the words an owner types (normal form) -> catalogue id
TERMS = [
    (r"roas hoa von|break ?-?even roas|roas break ?even|hoa von", "break_even_roas"),
    (r"ltv ?: ?cac|ltv/cac|ltv cac", "ltv_to_cac"), (r"\bcpm\b", "cpm"), (r"\bcpc\b", "cpc"), (r"\bctr\b", "ctr"),
    (r"\bcpl\b|chi phi (moi|1|tren moi) (lead|khach hoi|tin nhan)|cost per (lead|message)", "cpl"),
    (r"\bcpa\b|cost per (acquisition|action)", "cpa"), (r"\bcac\b|customer acquisition cost", "cac"),
    (r"\broas\b", "roas"), (r"\baov\b|gia tri don (hang )?trung binh|average order value", "aov"),
    (r"\b(ltv|clv)\b|lifetime value", "ltv"), (r"\bmql\b", "mql"), (r"\bsql\b", "sql"),
    (r"ty le chuyen doi|conversion rate|\bcr\b", "lead_to_customer"), (r"ty le chot|close rate|win rate", "lead_to_customer"),
    (r"\breach\b|tiep can", "reach"), (r"frequency|tan suat", "frequency"),
]
_ASK_MEANING = (r"\bla gi\b|\bla sao\b|nghia la|y nghia|\bhieu\b.*\bla\b|cong thuc|tinh (sao|the nao|nhu the nao|ra sao)|"
                r"cach tinh|bao nhieu (la|thi) (cao|thap|tot|on|dat|hop ly|binh thuong|re|dat)|"
                r"the nao (la|thi) (cao|tot|on)|what (is|does|'s)|\bmeans?\b|meaning|how (do i|to|is .*) calculat|"
                r"\bdefine\b|definition|is .* (high|good|ok|normal)|what counts as|giai thich .*(la gi|nghia)")
_MY = r"cua (toi|minh|em|shop|anh|chi|bon minh|chung toi)|\bmy\b|\bour\b"

_WHY = (r"\b(tai sao|vi sao|why|sao lai|sao em|giai thich|explain|noi ro|chi tiet hon|cu the hon|ro hon|more detail|"
        r"tell me more|elaborate|dua vao dau|can cu|based on what|how did you|fix first|sua (gi|cai gi) truoc|"
        r"lam (gi|cai gi) truoc|uu tien (gi|cai gi)|what should i (fix|do) first)\b")
_DISAGREE = (r"\b(khong dong y|ko dong y|k dong y|sai roi|chua dung|khong dung|khong phai|khong hop ly|ban chac( khong| chua)?|"
             r"em chac( khong| chua)?|chac chua|chac khong|(minh|toi|em|tui|e|anh|chi) (thay|nghi)|theo (minh|toi|tui)|"
             r"i (don'?t|do not|dont) (agree|think)|disagree|i think|are you sure|that'?s wrong|you'?re wrong|"
             r"not the (real )?problem|van de (la|nam o|chinh la)|(chot|chuyen doi) (vay|nhu vay|the) la (ok|on|duoc|tot)|"
             r"chu (nhi|nhe)?\s*\??$|thi dung hon)\b")
# "mình thấy hợp lý", "I think you're right": agreement, not a disagreement
_AGREE = (r"\b(thay|nghi) (cung )?(hop ly|dung( roi)?|ok|on|chuan|duoc|chinh xac)\b|\bi think (you'?re|you are|that'?s|that is) "
          r"(right|correct)|(?<!not )(?<!n't )(?<!dont )\bagree\b")  # "I don't agree" is no agreement
_PLAN = {
    "breakeven": r"\b(lo hay lai|co lo|dang lo|bi lo|co lai|lai hay lo|are we (losing|making) money|losing money|profitable|"
                 r"co dang lo|loss)\b",
    "cut": r"\b(giam|cat|dung|tat|tam dung|bot|tang|them|cut|reduce|lower|stop|pause|increase|raise|scale)\b.{0,30}"
           r"\b(ngan sach|budget|ads|quang cao|chien dich|campaign|spend|chi tieu|tien ads)\b",
    "target": r"\b(gap doi|gap ba|x2|x3|double|triple|tang gap|(len|dat|(?<!thang )(?<!tuan )(?<!quy )(?<!nam )(?<!ky )toi|reach|hit|get to|to) (duoc )?\d[\d.,]*\s?(ty|trieu|tr|don|khach|k|m|billion|million|orders|customers|sales)|"
              r"muon (co|dat|tang|ban)\b.{0,20}\d|(bao nhieu|how much) .{0,25}(de|to) (dat|co|len|get|reach))",
    "whatif": r"\b(neu|gia su|what if|if (my|the|our|we)|suppose)\b.{0,40}(ty le|rate|chot|close|chuyen doi|conversion|%|phan tram)",
    "budget": r"\b(ngan sach|budget|tien ads|chi \d|co \d[\d.,]*\s?(tr|trieu|ty|k|m)|phan bo|chia (ngan sach|tien|the nao|sao)|"
              r"allocate|allocation|split|spend next|next month|thang (sau|toi)|ky (sau|toi)|quy (sau|toi))\b"
              r".{0,60}\b(duoc bao nhieu|bao nhieu (don|khach|lead)|nen (lam|chia|phan bo|chay)|lam gi|the nao|sao|"
              r"how many|what should|how should|forecast|du bao)|\b(phan bo|chia) (ngan sach|tien)|"
              r"\b(allocate|split) (my |the |our )?budget",
}
_CAPABILITY = (r"\b(ket noi|lien ket|tich hop|dong bo|truy cap|dang nhap|doc (duoc )?truc tiep|connect|integrat\w*|link|sync|access|"
               r"plug into|log ?in)\b.{0,40}\b(tai khoan|account|facebook|fb|meta|google|tiktok|shopee|zalo|ga4|"
               r"analytics|ads manager|crm|hubspot|lazada|fanpage|page)|"
               r"\b(xuat|export|tai|download|lay)\b.{0,20}\b(file|bao cao|du lieu|csv|excel|data|report)\b.{0,40}"
               r"\b(the nao|sao|o dau|how|where|tu|from)\b|"
               r"\b(khong lam duoc|khong the lam|lam duoc nhung gi|co the lam gi|can'?t you do|cannot do|what can'?t you|"
               r"what are your limits|gioi han)\b|"
               r"\b(doc|nhan|ho tro|support|read|accept|upload)\b.{0,20}\b(file|dinh dang|format|csv|excel|xlsx|pdf|anh|image)")
_DECLINE = (r"\b(viet|soan|lam|tao|thiet ke|nghi|dat|write|design|create|make|come up with|generate)\b.{0,30}"
            r"\b(caption|content|noi dung|bai dang|bai viet|bai quang cao|post|logo|banner|video|kich ban video|slogan|"
            r"hashtag|ten (shop|thuong hieu)|brand name|email marketing|landing page|website|hinh anh|anh san pham|poster|tvc|jingle)\b|"
            r"\b(chay ads (giup|ho|dum)|run (the |my )?ads for me|set up (my )?campaign|setup camp|target(ing)? giup|"
            r"thoi tiet|bong da|xo so|gia vang|chung khoan|crypto|bitcoin|cach nau|nau an|recipe|weather|football|stock price|lottery|"
            r"dich (sang|giup)|translate|lam bai tap|homework|viet code|write code|python|javascript)\b")
_PLATFORMS = [("meta", r"\b(facebook|fb|meta|ads manager|fanpage|instagram|messenger)\b"),
              ("google_ads", r"\b(google ads|adwords|gg ads|google quang cao)\b"),
              ("ga4", r"\b(ga4|google analytics|analytics)\b"), ("shopee", r"\bshopee\b"),
              ("tiktok", r"\btiktok\b"), ("lazada", r"\blazada\b"), ("zalo", r"\bzalo\b"),
              ("hubspot", r"\b(hubspot|crm)\b")]


@dataclass
class TurnKind:
    name: str                 # one of KINDS
    sub: str | None = None    # plan: one of PLAN_KINDS
    term: str | None = None   # glossary: a KPI id of the catalogue
    mine: bool = False        # glossary: the owner asks about their own figure
    platform: str | None = None


def term_of(normalized: str) -> str | None:
    return next((term for pattern, term in TERMS if re.search(pattern, normalized)), None)


def platform_of(normalized: str) -> str | None:
    return next((name for name, pattern in _PLATFORMS if re.search(pattern, normalized)), None)


_SPLIT = r"\b(phan bo|chia (ngan sach|tien|kenh|cho)|allocate|allocation|split)\b"


def plan_kind(normalized: str) -> str | None:
    if re.search(_SPLIT, normalized) and not re.search(r"\b(co nen|should)\b.{0,20}\b(giam|cat|cut|reduce)", normalized):
        return "budget"
    return next((sub for sub, pattern in _PLAN.items() if re.search(pattern, normalized)), None)


_ASKS = r"\?|\b(bao nhieu|how (much|many)|the nao|ra sao|lam sao|sao cho|sao\s*$|lam gi|co nen|nen (lam|chia|phan bo)|what|should|can i)\b"


_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")


def asked_part(message: str) -> str:
    """The sentences of a message that ask something (a question mark, or a question or request for advice)."""
    return " ".join(s.strip() for s in _SENTENCES.findall(message) if s.rstrip().endswith("?") or asks(s))


def asks(message: str) -> bool:
    """A question or a request for advice, not a statement ("phân bổ sao", "cần bao nhiêu ngân sách")."""
    return bool(re.search(_ASKS, " ".join(norm(message).split())))


_COMPARE = (r"\b(so (voi|vs) (thang|ky|tuan|quy|nam) (truoc|roi|ngoai)|thang nay (so voi|vs|voi)|"
            r"(tang|giam|thay doi) (gi |the nao |ra sao )?so voi (thang|ky) truoc|month over month|"
            r"(compared? (to|with)|vs\.?|versus|than) (last|the previous|previous) (month|period|week|quarter)|"
            r"this month (vs|versus|compared))")


def classify(message: str, diagnosed: bool) -> TurnKind | None:
    """The turn's kind; why and disagreement only once there is a diagnosis to explain or defend."""
    n = " ".join(norm(message).replace("’", "'").split())
    if re.search(_COMPARE, n):
        return TurnKind("compare")
    if re.search(_DECLINE, n) and not re.search(r"\b(agenda|sla|kpi|bao cao|report|kick ?off)\b", n):
        return TurnKind("decline")
    if re.search(_CAPABILITY, n):
        return TurnKind("capability", platform=platform_of(n))
    term = term_of(n)
    if term and re.search(_ASK_MEANING, n):
        return TurnKind("glossary", term=term, mine=bool(re.search(_MY, n)))
    sub = plan_kind(n)
    if sub and (sub != "cut" or re.search(r"\b(co nen|nen|should|is it|khong\s*\??$|ko\s*\??$|k\s*\??$|\?)", n)):
        return TurnKind("plan", sub=sub)
    if diagnosed and re.search(_DISAGREE, n) and not re.search(_AGREE, n):
        return TurnKind("disagree")
    if re.search(_WHY, n) and (diagnosed or re.search(r"fix first|truoc", n)):
        return TurnKind("why")
    if term and re.search(_MY, n) and re.search(r"bao nhieu|how much|what|the nao|\?", n) \
            and not re.search(r"\b(file|tep|upload|tai len|du lieu|data)\b", n):  # a file's figure: the data answer
        return TurnKind("glossary", term=term, mine=True)
    return None
