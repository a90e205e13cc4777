"""The vocabulary of the out-of-scope judgement (:mod:`bot.faq.scope`), as data.

* :data:`OFF_TOPIC_SUBJECTS`: subjects of life in Taiwan that the Gold Card Office does not handle and the
  knowledge base does not cover, each a named list of phrases (English on whole words, Chinese on
  substrings; Simplified Chinese is folded to Traditional before matching). A subject is added here as a
  whole ("telecoms", "company registration"), never as the words of one question that went wrong.
* :data:`CARD_TERMS`: words only a Gold Card question uses (the card, the platform, the ARC, supplements,
  the salary route…). A question naming one is ours whatever else it names.
* :data:`GENERIC_TERMS`: words every bureaucratic question uses (apply, 申請, visa, document, nationality). They
  keep a question in the search when it names no off-topic subject, but they do not outweigh one:
  "怎麼申請信用卡" names a credit card and only the generic 申請, so it is not ours.
* :data:`GENERIC_CONCEPTS`: synonym concepts (bot.faq.synonyms) that name everyday notions (a cost, signing
  up, forgetting, the law, a company, a phone): they rank entries but do not, alone, make a weak match a
  question of ours ("how much is a flight to Tokyo" is not a question about fees).
"""

from __future__ import annotations

OFF_TOPIC_SUBJECTS: dict[str, tuple[str, ...]] = {
    "banking": (
        "bank account", "open an account", "open a bank", "which bank", "best bank", "banks",
        "credit card application", "apply for a credit card", "get a credit card", "credit history", "debit card",
        "loan", "mortgage", "installments", "installment", "send money", "money transfer", "remittance abroad",
        "with wise", "transferwise", "paypal",
        "銀行帳戶", "開戶", "哪家銀行", "哪間銀行", "貸款", "房貸", "分期", "街口支付", "辦信用卡", "申請信用卡",
        "信用卡申請", "信用卡比較好辦", "匯款回", "匯錢",
    ),
    "exchange rates of the day": (
        "exchange rate today", "today's exchange rate", "exchange rate now", "current exchange rate",
        "exchange rate right now", "usd to nt", "nt to usd", "dollar to nt",
        "今天匯率", "匯率多少", "換外幣", "換錢",
        "exchange money", "money exchange", "currency exchange", "現在匯率", "美金兌台幣", "兌台幣", "台幣兌",
    ),
    "taxes": (
        "file my taxes", "file taxes", "filing taxes", "tax filing", "file my tax return", "file a tax return",
        "file tax return", "tax return deadline", "tax refund", "income tax",
        "my taxes", "pay tax", "tax rate", "tax on", "tax bracket", "vat",
        "報稅", "綜所稅", "所得稅", "退稅", "繳稅", "稅率",
    ),
    "driving and transport": (
        "driving license", "driving licence", "driver license", "driver licence", "driver's license",
        "scooter", "car", "motorbike", "mrt", "hsr", "easycard", "bus", "train ticket", "airport transfer",
        "駕照", "機車", "汽車", "捷運", "高鐵", "悠遊卡", "公車",
    ),
    "housing": (
        "rent", "renting", "landlord", "apartment hunting", "find an apartment", "rent an apartment",
        "deposit back", "591",
        "租房", "租屋", "房租", "房東", "押金", "套房", "租金",
    ),
    "health care": (
        "health insurance", "nhi", "labor insurance", "labour insurance", "see a doctor", "doctor visit",
        "dentist", "dental", "vaccine", "pharmacy",
        "健保", "勞保", "看醫生", "牙醫", "疫苗",
    ),
    "schools and language classes": (
        "school", "kindergarten", "university admission", "mandarin class", "mandarin course", "learn chinese",
        "學校", "幼兒園", "小學", "國小", "學中文", "補習班",
    ),
    "job hunting and labour law": (
        "find me a job", "find a job", "job hunting", "job search", "job offer", "recruiter", "hiring",
        "teaching jobs", "job in taiwan", "jobs in taiwan", "minimum wage", "overtime", "labor law",
        "labour law", "national holidays", "annual leave", "severance",
        "找工作", "求職", "基本工資", "最低工資", "加班", "勞基法", "特休", "資遣",
    ),
    "company registration": (
        "register a company", "company registration", "open a company", "start a company", "start a business",
        "minimum capital", "open a business", "register my company", "set up a company", "incorporate",
        "開公司", "公司登記", "設立公司", "成立公司",
    ),
    "other residence routes": (
        "student visa", "working holiday", "aprc", "permanent residency", "permanent residence", "naturalize",
        "naturalise", "naturalization", "naturalisation", "marriage visa", "register my marriage",
        "學生簽證", "打工度假", "永久居留", "永居", "歸化", "結婚登記",
    ),
    "phones and internet": (
        "sim card", "sim", "phone plan", "mobile plan", "data plan", "telecom", "chunghwa", "taiwan mobile",
        "far eastone", "5g", "4g", "iphone", "android", "carrier", "carriers",
        "門號", "網卡", "手機解鎖", "sim卡", "預付卡", "電信", "中華電信", "台灣大哥大", "遠傳",
    ),
    "other countries' visas and travel permits": (
        "visa to visit", "visa to go to", "visa to travel to", "visa for japan", "japan visa", "visit japan",
        "go to japan", "go to korea", "visit korea", "korea visa", "schengen", "esta", "us visa", "uk visa",
        "去日本", "去韓國", "日本簽證", "韓國簽證", "美簽", "申根", "通行證", "台胞證", "回鄉證",
    ),
    "alcohol and tobacco": (
        "drinking age", "alcohol", "beer", "wine", "vape", "vaping", "smoking", "cigarette", "cigarettes",
        "喝酒", "酒精", "啤酒", "抽菸", "香菸", "電子菸",
    ),
    "weapons": ("gun", "guns", "firearm", "firearms", "weapon", "knife", "槍", "武器", "刀械"),
    "weather": ("weather", "rain", "typhoon", "天氣", "下雨", "颱風"),
    "food and restaurants": (
        "restaurant", "restaurants", "food", "vegan", "noodle", "tap water", "餐廳", "好吃", "牛肉麵",
    ),
    "household and pets": (
        "recycle", "trash", "garbage", "coworking", "bike", "cat", "dog", "pet", "maid", "domestic helper",
        "垃圾", "回收", "外傭", "看護", "寵物",
    ),
    "recommendations and lawyers": (
        "immigration lawyer", "recommend a", "recommend an", "recommend some", "any recommendations",
        "有推薦", "可以推薦", "推薦哪", "推薦一", "推薦台北", "推薦好", "找律師", "移民律師",
    ),
    "investing": ("bitcoin", "crypto", "stock", "比特幣", "股票"),
    "insurance and pensions": ("insurance", "pension", "retirement", "保險", "退休金", "勞退"),
    "travel and sightseeing": (
        "hotel", "hostel", "sightseeing", "itinerary", "plan my trip", "plan a trip", "travel agent", "things to do",
        "hiking", "beach", "night market",
        "飯店", "旅館", "景點", "夜市", "爬山",
    ),
    "utilities and post": (
        "electricity bill", "water bill", "gas bill", "utility bill", "post office", "parcel", "package delivery",
        "電費", "水費", "瓦斯", "郵局", "包裹",
    ),
    "shopping and entertainment": (
        "shopping", "where to buy", "where can i buy", "movie", "concert", "gym", "where can i watch",
        "watch a game", "watch baseball", "watch basketball", "watch football", "看比賽", "看球",
        "購物", "哪裡買", "電影", "演唱會", "健身房",
    ),
    "family life": ("divorce", "wedding", "離婚", "婚禮"),
    "politics": ("election", "president", "politics", "選舉", "總統", "政治"),
    "chit-chat and other tasks": (
        "joke", "funny", "poem", "cover letter", "translate this", "translate it for me", "write a python",
        "python function", "python code", "java code", "write code", "null pointer", "how are you",
        "笑話", "詩", "寫程式", "寫一個排序", "幫我翻譯",
    ),
    "instructions to the bot": (
        "ignore all previous instructions", "ignore previous instructions", "ignore your instructions",
        "system prompt", "you are now", "jailbreak",
        "忽略之前", "忽略以上", "系統提示", "髒話",
    ),
}

CARD_TERMS: tuple[str, ...] = (
    "gold card", "employment gold card", "arc", "residence permit", "resident certificate", "platform",
    "visa free", "visa exempt", "visa exemption", "passport", "fee", "fees", "salary", "160000", "supplement",
    "field", "qualification", "extension", "extend", "renew", "reviewer", "approved", "approval", "rejected",
    "dependent", "dependents", "taiwan jobs", "proof", "w2", "p60", "withholding", "national immigration agency",
    "gold card office",
    "金卡", "就業金卡", "免簽", "護照", "居留", "平臺", "平台", "移民署", "規費", "薪資", "月薪", "補正", "補件",
    "領域", "資格", "延期", "核准", "駁回", "依親", "就業通", "金卡辦公室", "證明", "扣繳",
    # converting a visa into the card: "打工度假簽可以直接轉嗎" asks about the card, not the working holiday
    "convert my visa", "switch my visa", "可以轉", "直接轉", "轉換", "轉成",
)

GENERIC_TERMS: tuple[str, ...] = (
    "apply", "applying", "application", "applicant", "visa", "document", "documents", "citizen", "citizenship",
    "nationality", "qualify", "eligible", "eligibility",
    "申請", "簽證", "文件", "國籍",
)

GENERIC_CONCEPTS: frozenset[str] = frozenset({
    "fee", "payment", "register", "forgot", "law", "employer_agency", "email", "mobile", "currency", "family",
    "progress", "save", "difference", "help",
})
