"""Taiwan Jobs (台灣就業通) membership as whole conversations in both languages, ending in the copy sheet:
its own fields and rules (email account, ID or resident certificate number, the birth date with its ROC
year, a 10-digit mobile, at least one phone), the password rules (8–20, 2 of 4 kinds) with the optional
in-memory check, the 24-hour link and the help line."""

from __future__ import annotations

from bot.app import App
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import run_console, sections

FIELDS_EN = ["/start taiwan_jobs", "✅ I agree", "john@example.de", "A800000014", "79/07/30", "John Smith", "Male",
             "Master's degree", "National Taiwan University", "Computer Science", "2015-06", "Skip", "Skip",
             "台北市中正區寶慶路3號2樓", "Skip", "Skip", "0912345678", "Skip", "john@example.de", "Skip", "No", "Skip"]


async def test_english_taiwan_jobs_in_the_console(app: App) -> None:
    output = await run_console(app, [*FIELDS_EN, "password", "Goldcard#2026", "✅ All correct, confirm"], "en",
                               user=341)
    assert "Its account is your email address (since 2017)" in output
    assert "1990-07-30 (Monday, July 30, 1990; ROC year 79)" in output  # typed as an ROC date, shown both ways
    assert "At least one of 電話 and 行動電話 (mobile)" in output
    assert "verification link, valid for 24 hours" in output and "• 8 to 20 characters" in output
    assert "• Mix at least 2 of: capital letters, small letters, digits, symbols (such as & # *)." in output
    assert "✓ That idea meets every rule." in output
    sheet = output.split("📋 Copy sheet: 台灣就業通 會員基本資料 (Taiwan Jobs member data)", 1)[1]
    for line in ("帳號 · Account (email address): john@example.de",
                 "身分證字號 或居留證號 · National ID or resident certificate number: A800000014",
                 "出生年月日 · Date of birth: 西元 1990 / 民國 79 年 07 月 30 日", "教育程度 · Education level: 碩士",
                 "行動電話 · Mobile phone: 0912345678", "身心障礙者 · Person with a disability: 否 (No)",
                 "tick 我已詳讀此份約定條款，並同意遵守", "within 24 hours", "3 failed logins lock the account",
                 "Help line 0800-777-888"):
        assert line in sheet, line
    assert "Goldcard#2026" not in output
    stored = (await sections(app, 341))["taiwan_jobs"]
    assert stored["date_of_birth"] == "1990-07-30" and stored["mobile_phone"] == "0912345678"
    assert stored["password_idea"] is True and "Goldcard#2026" not in repr(stored)


async def test_chinese_taiwan_jobs_in_the_console(app: App) -> None:
    lines = ["/start taiwan_jobs", "1", "wang@example.de", "A800000014", "民國79年7月30日", "王大明", "1", "2",
             "國立臺灣大學", "資訊工程學系", "2015-06", "略過", "略過", "台北市中正區寶慶路3號2樓", "02 2345 6789",
             "略過", "略過", "略過", "wang@example.de", "略過", "否", "略過", "略過", "✅ 全部正確，確認"]
    output = await run_console(app, lines, "zh_TW", user=342)
    assert "台灣就業通是和就業金卡平臺不同的政府網站" in output
    assert "1990-07-30（1990年7月30日 星期一；民國 79 年）" in output
    assert "連結 24 小時內有效" in output and "• 長度 8 至 20 字" in output
    sheet = output.split("📋 複製清單：台灣就業通 會員基本資料", 1)[1]
    for line in ("帳號：wang@example.de", "出生年月日：西元 1990／民國 79 年 07 月 30 日", "姓名：王大明", "電話一：",
                 "學校名稱：國立臺灣大學", "登入失敗達 3 次帳號會被鎖住", "客服專線 0800-777-888"):
        assert line in sheet, line
    assert "行動電話：" not in sheet  # a landline is enough (at least one of the two)
    assert "已確認並儲存" in output and not simplified_characters(output)
    assert [w for w in ("Please", "Copy sheet", "Help line") if w in output] == []


async def test_an_applicant_abroad_finishes_with_other_education_no_email_and_the_site_wording(app: App) -> None:
    """Seed 004 Step 2: 通訊地址 has no Taiwan-only rule; 其他 asks its description (≤ 64); 電子郵件 offers 無;
    其他聯絡方式 is asked; 校園電子報 reads 我要訂閱 / 不訂閱; both password lengths are told (8-12 and 8-20)."""
    lines = ["/start taiwan_jobs", "✅ I agree", "john@example.de", "A800000014", "1990-07-30", "John Smith", "Male",
             "Other (describe it)", "x" * 65, "Apprenticeship in mechatronics", "TU Berlin", "Mechatronics", "2015-06",
             "Skip", "Skip", "Unter den Linden 77, 10117 Berlin, Germany", "Skip", "Skip", "0912345678", "Skip",
             "無", "LinkedIn: linkedin.com/in/johnsmith", "No", "我要訂閱", "Skip", "✅ All correct, confirm"]
    output = await run_console(app, lines, "en", user=343)
    assert "Describe your education for 其他 (other), in at most 64 characters." in output
    assert "64" in output.split("Describe your education", 1)[1].split("TU Berlin", 1)[0]  # 65 refused
    assert "Your email address (電子郵件 · 有), or tap 無 if you give none." in output and "None (無)" in output
    assert "Subscribe" in output and "Do not subscribe" in output
    assert "8-20" in output and "8-12" in output
    stored = (await sections(app, 343))["taiwan_jobs"]
    assert stored["mailing_address"] == "Unter den Linden 77, 10117 Berlin, Germany"
    assert stored["education_level"] == "other"
    assert stored["education_other_description"] == "Apprenticeship in mechatronics"
    assert stored["email"] == "無" and stored["campus_newsletter"] == "subscribe"
    assert stored["other_contact"] == "LinkedIn: linkedin.com/in/johnsmith"
    sheet = output.split("📋 Copy sheet: 台灣就業通 會員基本資料 (Taiwan Jobs member data)", 1)[1]
    for line in ("通訊地址 · Mailing address: Unter den Linden 77", "電子郵件 · Email: 無", "我要訂閱",
                 "其他聯絡方式 · Other contact: LinkedIn"):
        assert line in sheet, line
