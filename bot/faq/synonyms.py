"""Domain synonyms: surface phrases in either language that name the same concept.

A phrase found in an entry or in a query adds the concept as one more search feature, so
"visa free", "visa-exempt", "免簽" and the common typo "免籤" all meet, and a Chinese query can find
an English-worded tag and the other way round. English phrases are matched on stemmed words (so
plurals and verb forms match too); Chinese phrases as substrings. Longer phrases win: "arc number" is
the UI-number concept, not also the ARC concept.

Add a phrase here when applicants use a word the entries do not; keep each concept narrow, since a
concept shared by many entries helps none of them.
"""

from __future__ import annotations

from functools import cache

from bot.faq.situations import SITUATIONS
from bot.faq.text import CJK_CHAR, latin_words, normalize, stem

CONCEPTS: dict[str, tuple[str, ...]] = {
    # platform and account
    "timeout": ("timeout", "time out", "timed out", "logged out", "log out", "logout", "kicked out", "session",
                "登出", "逾時", "倒數"),
    "browser": ("browser", "chrome", "firefox", "safari", "edge", "vpn", "瀏覽器"),
    "save": ("save", "save button", "儲存", "存檔"),
    "draft": ("draft", "unpaid", "not paid", "never paid", "暫存", "草稿", "沒繳費", "未繳費", "沒付款"),
    "tabs": ("tab", "section", "form sections", "頁籤"),
    "progress": ("status", "progress", "track", "tracking", "進度", "狀態", "審到哪"),
    "case_number": ("application number", "case number", "reference number", "申請案號", "案號"),
    "role": ("role", "individual or employer", "myself or employer", "角色", "本人還是", "選本人", "身分要選"),
    "register": ("register", "registration", "sign up", "signup", "create account", "create an account",
                 "new account", "註冊", "加入會員", "開帳號", "申請帳號"),
    "password": ("password", "passwd", "pwd", "passcode", "密碼", "帳密"),
    "lockout": ("locked", "lock", "lockout", "locked out", "unlock", "鎖", "鎖住", "鎖定", "被鎖"),
    "forgot": ("forgot", "forget", "forgotten", "reset", "recover", "忘記", "忘了", "想不起來", "重設", "找回"),
    "verification_email": ("verification email", "verify", "verification", "activation", "activate",
                           "confirmation email", "認證信", "驗證信", "認證連結", "驗證連結", "啟用"),
    "email": ("email", "mail", "inbox", "電子郵件", "信箱", "電子信箱", "郵件"),
    "mobile": ("mobile", "cell phone", "cellphone", "mobile number", "手機", "行動電話"),
    "employer_agency": ("employer", "company", "agent", "agency", "on my behalf", "for an employee",
                        "雇主", "公司", "代辦", "仲介", "員工"),
    # eligibility and entry
    "excluded": ("not eligible", "not allowed", "cannot apply", "cant apply", "can t apply", "who can apply",
                 "excluded", "who can not", "不受理", "不能申請",
                 "不符合資格"),
    "mainland": ("mainland", "china", "prc", "chinese citizen", "chinese national", "大陸", "中國", "內地"),
    "born_mainland": ("born in china", "born in mainland", "born in mainland china", "china born", "chinese born",
                      "大陸出生", "中國出生", "出生地中國", "出生在中國", "出生在大陸"),
    "military": ("military service", "conscription", "draftee", "役男", "兵役", "當兵", "役齡"),
    "household": ("household registration", "hukou", "戶籍", "戶口"),
    "dual": ("dual citizen", "dual citizenship", "dual nationality", "dual national", "two passports",
             "雙重國籍", "雙國籍", "雙護照"),
    "nationality": ("nationality", "citizenship", "naturalize", "naturalise", "國籍", "入籍"),
    "visa_exempt": ("visa free", "visa exempt", "visa exemption", "visa waiver", "without a visa", "without visa",
                    "no visa", "免簽", "免簽證", "免籤", "免籤證"),
    "visitor_visa": ("visitor visa", "tourist visa", "stay visa", "停留簽證", "觀光簽證", "旅遊簽證"),
    "no_extension": ("no extension", "cannot be extended", "can not be extended", "not extendable",
                     "non extendable", "不得延期", "不能延期", "加註限制"),
    "not_convertible": ("working holiday", "youth mobility", "mandarin study", "migrant worker", "abtc",
                        "打工度假", "華語", "移工", "青年交流"),
    "arc": ("arc", "residence permit", "resident permit", "resident certificate", "alien resident certificate",
            "居留證", "居留證件"),
    "ui_number": ("ui number", "ui no", "arc number", "arc no", "resident certificate number",
                  "統一證號", "居留證號", "居留證號碼"),
    "inside_outside": ("inside taiwan", "in taiwan", "outside taiwan", "overseas", "abroad", "domestic",
                       "境內", "境外", "國外", "海外"),
    "leave_taiwan": ("leave taiwan", "leave the country", "go abroad", "travel", "出境", "出國", "離開台灣"),
    "opening_questions": ("wrong identity", "identity category", "first questions", "opening questions",
                          "身分類別", "問題頁", "選錯"),
    "passport_validity": ("passport validity", "6 months", "six months", "months left", "months before it expires",
                          "半年", "6個月", "六個月", "五個月", "四個月", "三個月", "幾個月", "剩多久", "只剩"),
    # fields and salary
    "field": ("field", "category", "categories", "domain", "領域", "類別", "專長"),
    "salary": ("salary", "income", "wage", "earn", "earnings", "pay slip", "payslip", "160000",
               "薪資", "薪水", "月薪", "年薪", "收入", "16萬"),
    "currency": ("exchange rate", "currency", "convert", "conversion", "euro", "usd", "dollar",
                 "匯率", "外幣", "換算", "美金", "美元", "歐元"),
    "tax_proof": ("tax return", "tax statement", "w2", "p60", "t4", "withholding", "扣繳", "納稅", "報稅"),
    "digital": ("software", "developer", "programmer", "coder", "digital", "軟體", "程式", "數位"),
    "science": ("science", "technology", "tech", "research", "researcher", "scientist", "科技", "研究員", "科學"),
    "economics": ("economics", "economic", "business", "executive", "經濟", "企業主管"),
    "finance": ("finance", "financial", "bank", "banker", "cfa", "金融", "銀行"),
    "law": ("lawyer", "attorney", "legal", "law", "律師", "法律"),
    "sport": ("athlete", "sport", "sports", "coach", "referee", "olympic", "olympics",
              "運動員", "選手", "體育", "教練", "裁判", "奧運"),
    "arts": ("artist", "musician", "art", "arts", "culture", "performer", "performing", "film",
             "藝術", "音樂", "表演", "文化"),
    "other_fields": ("teacher", "education", "teaching", "architect", "architecture", "defense", "defence",
                     "教師", "老師", "教育", "建築", "國防"),
    "new_fields": ("biotech", "biotechnology", "environment", "environmental", "生技", "生物科技", "環境"),
    "qualification_check": ("eligibility checker", "eligibility check", "qualification check", "eligibility test",
                            "checker", "quiz", "self check", "資格檢測", "資格檢查", "自我檢查", "檢測工具"),
    # documents
    "upload": ("upload", "file size", "file", "mb", "kb", "1024", "pdf", "上傳", "檔案"),
    "photo": ("photo", "photograph", "picture", "headshot", "selfie", "照片", "相片", "大頭照", "證件照"),
    "translation": ("translate", "translation", "翻譯", "翻成", "譯本"),
    "authentication": ("notarize", "notarise", "notary", "authenticate", "authentication", "legalize",
                       "legalise", "legalization", "apostille", "驗證文件", "文件驗證", "公證"),
    "guarantor": ("guarantor", "sponsor", "保證人"),
    "employment_certificate": ("employment certificate", "employment letter", "reference letter",
                               "work certificate", "proof of employment", "experience letter",
                               "在職證明", "離職證明", "服務證明", "工作證明"),
    "name": ("name", "surname", "given name", "last name", "first name", "family name", "姓名", "名字", "姓氏"),
    "hyphen": ("hyphen", "dash", "連字號", "橫線"),
    "birth_date": ("date of birth", "birth date", "birthday", "出生日期", "生日", "出生年月日"),
    "address": ("address", "moved to", "moving to", "move house", "moved house", "relocate", "apartment",
                "地址", "住址", "搬家"),
    "mission": ("embassy", "mission", "representative office", "consulate", "teco", "駐外館處", "館處",
                "辦事處", "大使館", "領事館"),
    "passport_inspection": ("passport inspection", "passport verification", "passport check",
                            "show my passport", "submit my passport", "繳驗護照", "驗護照", "護照查驗"),
    "previous_visa": ("previous visa", "old visa", "visa history", "ever issued", "簽證紀錄", "拿過台灣簽證",
                      "獲發過", "曾經獲發"),
    # money
    "fee": ("fee", "cost", "price", "charge", "how much", "規費", "費用", "多少錢", "收費", "要錢", "繳多少"),
    "payment": ("pay", "payment", "credit card", "convenience store", "7 11", "atm",
                "繳費", "付款", "刷卡", "超商", "信用卡", "轉帳"),
    "refund": ("refund", "money back", "reimburse", "退費", "退款", "退錢", "退還"),
    "us_national": ("us citizen", "us citizens", "us passport", "us national", "american", "americans",
                    "united states", "usa", "美國", "美籍"),
    # process and after approval
    "reject": ("reject", "rejected", "rejection", "denied", "refused", "refusal",
               "駁回", "拒絕", "被拒", "不予許可", "沒過"),
    "appeal": ("appeal", "dispute", "reconsideration", "訴願", "申訴", "上訴", "不服"),
    "processing": ("processing", "how long does it take", "waiting", "expedite", "speed up",
                   "still waiting", "no news", "no answer yet", "no reply yet", "審核時間", "審查時間", "等多久",
                   "要多久", "加速", "沒消息", "還沒消息", "沒下文", "還在審"),
    "pickup": ("pick up", "pickup", "collect", "collection", "領卡", "領證", "領取", "去哪拿"),
    "validity": ("valid", "validity", "how many years", "how many year", "how long is the card", "how long card",
                 "which duration", "效期", "有效期", "幾年", "用幾年", "多少年", "多久有效"),
    "difference": ("different", "difference", "differ", "same as", "same thing", "vs", "versus", "compare",
                   "不一樣", "不同", "差別", "差在哪", "差異", "一樣嗎", "還需要"),
    "bot_self": ("this bot", "the bot", "you do", "can you do", "can you fill", "can you submit", "can you apply",
                 "you fill", "you submit", "機器人", "你能做", "你會做", "你可以幫我", "幫我填", "幫我送", "代填",
                 "代送"),
    "extension": ("extension", "extend", "renew", "renewal", "延期", "展延", "續卡", "續約", "延長"),
    "expired": ("=expired", "has expired", "already expired", "expired already", "過期", "已過期", "失效", "到期了",
                "已到期", "已經到期"),
    "expiring": ("=expire", "=expires", "=expiring", "=expiry", "=expiration", "about to expire", "到期", "快到期"),
    "lost_card": ("lost card", "lost my card", "lost my gold card", "card lost", "card stolen", "stolen",
                  "damaged card", "card damaged", "broken card", "replacement card", "replace my card",
                  "replace card", "reissue", "遺失", "卡不見", "卡片不見", "金卡不見", "弄丟", "被偷", "損壞", "補發"),
    "fine": ("fined", "penalty", "penalties", "罰", "罰款", "罰鍰", "罰金"),
    "data_change": ("change of data", "change information", "update information", "change details",
                    "資料異動", "變更資料", "更改資料"),
    "new_passport": ("new passport", "renewed passport", "renewed my passport", "passport number changed",
                     "換護照", "新護照", "護照換新"),
    "family": ("family", "spouse", "wife", "husband", "kids", "children", "child", "dependent", "dependents",
               "parents", "家人", "配偶", "老婆", "老公", "太太", "小孩", "孩子", "子女", "眷屬", "依親", "父母"),
    # supplements
    "supplement": ("supplement", "supplementary", "additional documents", "missing documents", "correction",
                   "補正", "補件", "補證", "補交", "補文件", "補資料"),
    "deadline": ("deadline", "due date", "time limit", "within how many days", "期限", "多久內", "幾天內", "截止"),
    "reply": ("reply", "respond", "response", "comment", "comments", "回覆", "回應", "審核意見"),
    # Hong Kong / Macau
    "hk_macau": ("hong kong", "hk", "macau", "macao", "hksar", "香港", "港澳", "澳門"),
    "bno": ("bno", "british national overseas", "英國國民"),
    # other sites and help
    "taiwan_jobs": ("taiwan jobs", "台灣就業通", "就業通"),
    "roc_year": ("roc year", "minguo", "民國"),
    "help": ("help desk", "helpdesk", "contact", "hotline", "customer service", "support", "talk to a human",
             "real person", "客服", "聯絡", "專線", "真人"),
}
# how applicants describe each situation (bot.faq.situations), merged in
CONCEPTS = {concept: surfaces + SITUATIONS.get(concept, ()) for concept, surfaces in CONCEPTS.items()}


EXACT = "="  # a phrase starting with "=" matches that exact word, not every word with the same stem


@cache
def english_phrases() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First key → (keys, concept) of every English phrase starting with it, longest first.

    A key is a word's stem, or ``=word`` for an exact-word phrase.
    """
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, surfaces in CONCEPTS.items():
        for surface in surfaces:
            if CJK_CHAR.search(surface):
                continue
            if surface.startswith(EXACT):
                keys: tuple[str, ...] = (surface,)
            else:
                keys = tuple(stem(word) for word in latin_words(normalize(surface)))
            if keys:
                by_first.setdefault(keys[0], []).append((keys, concept))
    return {first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in by_first.items()}


@cache
def chinese_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, concept) for every Chinese phrase, longest first."""
    phrases = [(normalize(surface), concept) for concept, surfaces in CONCEPTS.items() for surface in surfaces
               if CJK_CHAR.search(surface)]
    return tuple(sorted(phrases, key=lambda item: -len(item[0])))


def find_concepts(words: list[str], stems: list[str], normalized: str) -> list[tuple[str, str]]:
    """(concept, matched phrase) for each concept named in a text, given the text's words and their stems
    (stopwords included) and its normalized form. An English match is given as its stems joined by spaces.

    English phrases are matched left to right, the longest phrase at each word first, and use up their
    words. Chinese phrases are matched longest first; one that lies wholly inside an earlier match does
    not count again ("延期" inside "不得延期"), one that only overlaps it does.
    """
    found: list[tuple[str, str]] = []
    phrases = english_phrases()
    position = 0
    while position < len(stems):
        for keys, concept in (*phrases.get(EXACT + words[position], ()), *phrases.get(stems[position], ())):
            size = len(keys)
            if keys == (EXACT + words[position],) or tuple(stems[position:position + size]) == keys:
                found.append((concept, " ".join(stems[position:position + size])))
                position += size
                break
        else:
            position += 1
    if not CJK_CHAR.search(normalized):
        return found
    taken = [False] * len(normalized)
    for phrase, concept in chinese_phrases():
        start = normalized.find(phrase)
        while start >= 0:
            if not all(taken[start:start + len(phrase)]):
                taken[start:start + len(phrase)] = [True] * len(phrase)
                found.append((concept, phrase))
            start = normalized.find(phrase, start + 1)
    return found
