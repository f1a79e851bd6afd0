"""Tell Vietnamese from English in a user's message, cheaply and without a model."""

import re
import unicodedata

_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_WORDS = {
    "toi", "minh", "em", "anh", "chi", "cua", "khong", "duoc", "nhung", "thang", "nay", "roi",
    "lam", "sao", "nao", "gi", "bao", "nhieu", "khach", "hang", "doanh", "thu", "chay", "quang",
    "cao", "tin", "nhan", "don", "ty", "le", "chuyen", "doi", "ban", "shop", "cho", "voi", "va",
    "la", "co", "mot", "cac", "nhu", "the", "vay", "oi", "a", "nhe", "giup", "xin", "chao", "trieu",
    "nghin", "ngan", "tieu", "chi", "phi", "muc", "tieu",
}
_EN_WORDS = {
    "the", "and", "is", "are", "my", "we", "our", "how", "what", "why", "which", "should", "to",
    "of", "in", "for", "with", "please", "help", "hello", "hi", "you", "can", "do", "does", "i",
    "spend", "sales", "leads", "customers", "marketing", "last", "month", "this", "a", "an",
    "was", "were", "not", "sorry", "got", "had", "have", "has", "from", "on", "at", "people", "per", "by",
    "it", "that", "us", "be", "been", "will", "would", "about", "only", "but", "so", "if", "or", "visits",
    "orders", "revenue", "messages", "spent", "million", "thousand", "there", "they", "their", "who",
    "when", "where", "week", "year", "our", "into", "than", "also", "just", "actually", "correction",
}

# accented words English borrowed ("a café in Da Nang"): no sign of Vietnamese on their own
_LOANWORDS = {
    "café", "cafés", "résumé", "naïve", "crème", "décor", "fiancé", "fiancée", "jalapeño", "açaí", "brûlée",
    "protégé", "rosé", "entrée", "entrées", "soufflé", "purée", "pâté", "sauté", "touché", "cliché", "déjà",
    "piñata", "über", "façade", "coupé", "matcha-café", "señor", "piña", "crêpe", "crêpes",
}


class _Unmarked(dict):
    """str.translate's table, filled as characters are met: combining marks (category Mn) go."""

    def __missing__(self, code: int):
        self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return self[code]


_UNMARKED = _Unmarked({ord("đ"): "d", ord("Đ"): "D"})


def strip_diacritics(value: str) -> str:
    """'Tỷ lệ chuyển đổi' -> 'Ty le chuyen doi' (đ -> d too)."""
    return unicodedata.normalize("NFD", value).translate(_UNMARKED)


def detect_lang(message: str, default: str = "vi") -> str:
    """'vi' or 'en': diacritics decide at once; otherwise count common words of each."""
    if not message or not message.strip():
        return default
    marked = " ".join(w for w in message.split() if w.strip(".,;:!?()\"'").lower() not in _LOANWORDS)
    if any(ch in _VI_LETTERS for ch in marked) or strip_diacritics(marked) != marked:
        return "vi"
    # names ("Ho Chi Minh City", "Da Nang") are no Vietnamese sentence: capitalised words after the first
    # word of a sentence are left out
    words = [w.lower() for w in re.findall(r"(?:(?<=[.!?]\s)|(?<=^))[A-Za-z]+|(?<![A-Za-z])[a-z]+", message.strip())]
    vi = sum(w in _VI_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if en > vi:
        return "en"
    if vi > en:
        return "vi"
    return default
