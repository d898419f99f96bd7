"""One small case for each phenomenon of the genre, on sentences written for these tests."""
import unicodedata

import pytest

from kg.extract import extract
from kg.model import Article


def run(text):
    return extract(Article("t.txt", text))


def offices(text):
    return {(o.person, o.role, o.body, o.status) for o in run(text).offices}


# --- normalisation -----------------------------------------------------------------------------

def test_nfd_text_with_old_tones_gives_modern_names_and_original_offsets():
    text = unicodedata.normalize("NFD", "Tin\n\nDự hội nghị có ông Trần Văn Thuỷ, Phó Chủ tịch Uỷ ban nhân dân tỉnh Nghệ An.")
    ex = run(text)
    assert set(ex.persons) == {"Trần Văn Thủy"}
    o = ex.offices[0]
    assert (o.role, o.body) == ("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Nghệ An")
    assert text[o.evidence.start:o.evidence.end] == o.evidence.text  # offsets into the NFD original


def test_nbsp_zero_width_crlf_and_doubled_spaces():
    text = "Tin\r\n\r\nDự lễ có ông\u00a0Lê  Văn\u200b Hùng, Giám đốc  Sở Tư pháp.\r\n"
    assert offices(text) == {("Lê Văn Hùng", "Giám đốc", "Sở Tư pháp", "current")}


# --- document structure --------------------------------------------------------------------------

def test_near_identical_captions_count_once_and_credits_are_not_persons():
    text = ("Tin\n\nÔng Hà Minh Tâm, Giám đốc Sở Tư pháp phát biểu tại hội nghị. Ảnh: Thanh Hà\n"
            "Ông Hà Minh Tâm, Giám đốc Sở Tư pháp phát biểu tại hội nghị. (Ảnh: Thanh Hà/TTXVN)\n"
            "Chiều 4/8/2024, Sở Tư pháp tổ chức Hội nghị tổng kết.\n\nBài và ảnh: Minh Châu\n")
    ex = run(text)
    assert set(ex.persons) == {"Hà Minh Tâm"}
    assert [a.person for a in ex.events[0].attendees] == ["Hà Minh Tâm"]


def test_lead_marker_is_not_part_of_the_sentence():
    ex = run("Tin\n\n(PLVN) - Sáng 18/6/2024, Bộ Tư pháp tổ chức Hội nghị tập huấn. Dự có Thứ trưởng Bộ Tư pháp "
             "Phan Chí Hiếu.\n")
    ev = ex.events[0]
    assert ev.date == "2024-06-18" and not ev.evidence.text.startswith("(PLVN)")


# --- persons ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Hồ Đức Phớc", "Hà Thị Nga", "Châu Văn Lâm", "Đoàn Văn Việt", "Văn Thị Bạch Tuyết",
                                  "Ninh Văn Quang"])
def test_surnames_that_are_also_place_or_body_words(name):
    ex = run(f"Tin\n\nDự hội nghị có đồng chí {name}, Phó Chủ tịch Ủy ban nhân dân tỉnh Nghệ An.")
    assert set(ex.persons) == {name}


def test_foreign_names():
    ex = run("Tin\n\nBộ trưởng Bộ Tư pháp Lào Phayvy Siboualypha và Đại sứ Nhật Bản tại Việt Nam Ito Naoki dự lễ.")
    assert {"Phayvy Siboualypha", "Ito Naoki"} <= set(ex.persons)
    got = {(o.person, o.role, o.body) for o in ex.offices}
    assert ("Phayvy Siboualypha", "Bộ trưởng", "Bộ Tư pháp Lào") in got
    assert ("Ito Naoki", "Đại sứ", "Nhật Bản") in got


@pytest.mark.parametrize("rank", ["Đại tá", "Thiếu tướng", "PGS.TS", "GS.TS", "TS.", "ThS."])
def test_ranks_and_academic_titles_are_kept_as_ranks(rank):
    ex = run(f"Tin\n\nDự có {rank} Nguyễn Hữu Phước, Phó Giám đốc Công an tỉnh Nghệ An.")
    assert ex.persons["Nguyễn Hữu Phước"].ranks == {rank}
    assert {o.role for o in ex.offices} == {"Phó Giám đốc"}


# --- offices ---------------------------------------------------------------------------------------

def test_titles_that_carry_their_body():
    got = offices("Tin\n\nThủ tướng Phạm Văn Hòa, Chủ tịch nước Lương Văn Tú và Tổng Kiểm toán Nhà nước Ngô Văn Sơn "
                  "cùng dự.")
    assert ("Phạm Văn Hòa", "Thủ tướng", "Chính phủ", "current") in got
    assert ("Ngô Văn Sơn", "Tổng Kiểm toán", "Kiểm toán Nhà nước", "current") in got
    assert any(p == "Lương Văn Tú" and r == "Chủ tịch nước" for p, r, _, _ in got)


def test_parent_bodies_by_comma_and_by_dash():
    ex = run("Tin\n\nDự có Đại tá Bùi Văn Nam, Cục trưởng Cục Tuyên huấn, Tổng cục Chính trị QĐND Việt Nam. "
             "Cục Trợ giúp pháp lý - Bộ Tư pháp tổ chức hội thảo.")
    subs = {(s.child, s.parent) for s in ex.suborganizations}
    assert ("Cục Tuyên huấn", "Tổng cục Chính trị Quân đội nhân dân Việt Nam") in subs
    assert ("Cục Trợ giúp pháp lý", "Bộ Tư pháp") in subs


def test_nay_la_is_current_and_nguyen_is_former():
    got = offices("Tin\n\nÔng Đặng Quốc Khánh, nguyên Chủ tịch UBND tỉnh Hà Giang, nay là Bộ trưởng Bộ Tài nguyên và "
                  "Môi trường.")
    assert ("Đặng Quốc Khánh", "Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang", "ended") in got
    assert ("Đặng Quốc Khánh", "Bộ trưởng", "Bộ Tài nguyên và Môi trường", "current") in got


def test_kiem_adds_a_concurrent_office():
    got = offices("Tin\n\nDự có ông Lại Xuân Môn, Phó Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh Cao Bằng.")
    assert ("Lại Xuân Môn", "Chủ tịch", "Hội đồng nhân dân tỉnh Cao Bằng", "current") in got
    assert any(r == "Phó Bí thư" and b and b.startswith("Tỉnh ủy") for _, r, b, _ in got)


def test_missing_comma_between_name_and_title():
    got = offices("Tin\n\nDự có Trung tướng Lê Quang Minh Chính ủy Quân khu 7.")
    assert ("Lê Quang Minh", "Chính ủy", "Quân khu 7", "current") in got


def test_role_by_predicate():
    got = offices("Tin\n\nĐoàn công tác của Bộ Tư pháp do ông Mai Lương Khôi làm Trưởng đoàn đã làm việc tại tỉnh.")
    assert any(p == "Mai Lương Khôi" and r == "Trưởng đoàn" for p, r, _, _ in got)


# --- bodies ------------------------------------------------------------------------------------------

def test_abbreviations_expand_and_stay_as_labels():
    ex = run("Tin\n\nDự có ông Phạm Anh Tuấn, Phó Chủ tịch UBND tỉnh Bình Định.")
    body = ex.bodies["Ủy ban nhân dân tỉnh Bình Định"]
    assert "UBND tỉnh Bình Định" in body.aliases


def test_acronyms_that_are_not_bodies():
    ex = run("Tin\n\nCông tác PCTN, bảo đảm ANTT và PCCC được chú trọng, góp phần phát triển KTXH.")
    assert not ex.bodies and not ex.persons


def test_body_names_with_commas_dashes_and_va():
    ex = run("Tin\n\nDự có Thứ trưởng Bộ Văn hóa, Thể thao và Du lịch Hoàng Đạo Cương và ông Phạm Huy Giang, "
             "Phó Trưởng ban Ban Thi đua - Khen thưởng Trung ương.")
    bodies = {o.body for o in ex.offices}
    assert bodies == {"Bộ Văn hóa, Thể thao và Du lịch", "Ban Thi đua - Khen thưởng Trung ương"}


def test_two_bodies_joined_by_va_stay_apart():
    ex = run("Tin\n\nBộ Tư pháp và Bộ Công an tổ chức hội nghị.")
    assert {"Bộ Tư pháp", "Bộ Công an"} <= set(ex.bodies)


# --- clusters -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,role", [("Bộ Tư pháp - đơn vị Khối trưởng", "head"),
                                         ("Bộ Tư pháp được bầu làm Trưởng Khối", "head"),
                                         ("Bộ Tư pháp được bầu làm Khối phó", "deputy-head"),
                                         ("Bộ Tư pháp giữ vai trò Phó Trưởng Khối", "deputy-head")])
def test_cluster_head_and_deputy(phrase, role):
    ex = run(f"Tin\n\nKhối thi đua các cơ quan nội chính Trung ương tổ chức hội nghị. {phrase} năm 2024.")
    assert {(c.body, c.role) for c in ex.clusters} == {("Bộ Tư pháp", role)}
    assert {c.cluster for c in ex.clusters} == {"Khối thi đua các cơ quan nội chính Trung ương"}


def test_cluster_members_and_a_negated_one():
    ex = run("Tin\n\nCụm thi đua các tỉnh Tây Nguyên gồm Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông và Lâm Đồng. "
             "TP Đà Nẵng không thuộc Cụm.")
    assert {c.body for c in ex.clusters} == {"Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"}


# --- events ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lead,date", [("Chiều 4/8, Bộ Tư pháp tổ chức Hội nghị sơ kết 6 tháng đầu năm 2023.", "2023-08-04"),
                                       ("Sáng 18.6, Bộ Tư pháp tổ chức Hội nghị tập huấn.", "--06-18"),
                                       ("Ngày 20/6/2024, Bộ Tư pháp tổ chức Hội nghị tập huấn.", "2024-06-20")])
def test_event_dates(lead, date):
    assert run(f"Tin\n\n{lead} Dự có Thứ trưởng Bộ Tư pháp Đặng Hoàng Oanh.").events[0].date == date


def test_dateline_gives_the_year_or_the_month():
    ex = run("Tin\n\n12/09/2025\n\nChiều 11/9, Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp Đại sứ Lào.")
    assert ex.events[0].date == "2025-09-11"
    ex = run("Tin\n\n16/08/2025\n\nDự lễ kỷ niệm có ông Nguyễn Duy Lâm, Bí thư Tỉnh ủy Hà Tĩnh.")
    assert ex.events[0].date == "2025-08"


@pytest.mark.parametrize("word,kind", [("Hội nghị", "meeting"), ("Hội thảo", "conference"), ("Lễ ký kết", "signing"),
                                       ("Lễ kỷ niệm", "ceremony"), ("chuyến thăm", "visit")])
def test_event_kinds(word, kind):
    ex = run(f"Tin\n\nSáng 5/3/2024, Bộ Tư pháp tổ chức {word} tại Hà Nội. Dự có Thứ trưởng Bộ Tư pháp Đặng Hoàng Oanh.")
    assert ex.events[0].kind == kind and ex.events[0].location == "Hà Nội"
    assert ex.events[0].organizers == ["Bộ Tư pháp"]


def test_chair_and_speaker_and_absent_persons():
    ex = run("Tin\n\nSáng 5/3/2024, Bộ Tư pháp tổ chức Hội nghị. Bộ trưởng Bộ Tư pháp Nguyễn Hải Ninh chủ trì hội nghị. "
             "Thứ trưởng Bộ Tư pháp Mai Lương Khôi trình bày báo cáo. Thứ trưởng chuyển lời chúc mừng của Phó Thủ tướng "
             "Lê Thành Long.")
    att = {a.person: a.capacity for a in ex.events[0].attendees}
    assert att == {"Nguyễn Hải Ninh": "chair", "Mai Lương Khôi": "speaker"}


# --- back-references ---------------------------------------------------------------------------------

def test_back_references_do_not_make_new_persons_or_offices():
    ex = run("Tin\n\nDự có Bộ trưởng Bộ Tư pháp Nguyễn Hải Ninh và Đại tá Phạm Hải Trung, Phó Trưởng Ban, Ban Quản lý Lăng "
             "Chủ tịch Hồ Chí Minh. Bộ trưởng Ninh đề nghị tăng cường phối hợp. Ông Hải Trung cho biết thêm. Bộ trưởng "
             "cũng đề nghị các đơn vị tiếp tục phối hợp.")
    assert set(ex.persons) == {"Nguyễn Hải Ninh", "Phạm Hải Trung"}
    assert {(o.person, o.role) for o in ex.offices} == {("Nguyễn Hải Ninh", "Bộ trưởng"), ("Phạm Hải Trung", "Phó Trưởng ban")}


@pytest.mark.parametrize("verb", ["tổng kết công tác năm 2023", "long trọng tổ chức hội nghị", "ký kết giao ước thi đua"])
def test_cluster_name_ends_before_the_verb(verb):
    ex = run(f"Cụm thi đua các tỉnh Tây Nguyên {verb}\n\nCụm thi đua các tỉnh Tây Nguyên gồm Kon Tum và Gia Lai.")
    assert {c.cluster for c in ex.clusters} == {"Cụm thi đua các tỉnh Tây Nguyên"}
    assert [b.name for b in ex.bodies.values() if b.kind == "cluster"] == ["Cụm thi đua các tỉnh Tây Nguyên"]


def test_capitalised_name_word_that_is_also_a_verb():
    got = offices("Tin\n\nDự có ông Uông Văn Hải, Vụ trưởng Vụ Tổ chức cán bộ thuộc Bộ Tư pháp.")
    assert ("Uông Văn Hải", "Vụ trưởng", "Vụ Tổ chức cán bộ", "current") in got


def test_a_short_form_shared_by_two_persons_is_the_one_named_last():
    ex = run("Tin\n\nDự có ông Trần Quang Trung, Phó Chủ tịch Hội Nông dân Việt Nam. Phát biểu, ông Trung đề nghị. "
             "Sau đó ông Lê Tiến Trung, Vụ trưởng Vụ Pháp chế phát biểu. Ông Trung nhấn mạnh.")
    assert ex.persons["Trần Quang Trung"].aliases == {"Trung"}
    assert ex.persons["Lê Tiến Trung"].aliases == {"Trung"}


def test_a_name_that_begins_like_a_place():
    ex = run("Tin\n\nVề dự có Kim Thành Tú, Phó Chủ tịch UBND thành phố Cần Thơ; Hà Tĩnh Nam, Giám đốc Sở Tư pháp.")
    assert {"Kim Thành Tú", "Hà Tĩnh Nam"} <= set(ex.persons)


def test_a_cluster_named_short_later_is_the_same_cluster():
    ex = run("Tin\n\nKhối thi đua các cơ quan văn hóa - xã hội, các tổ chức báo chí tổ chức hội nghị. Các thành viên của "
             "Khối thi đua các cơ quan văn hóa - xã hội là Bộ Y tế và Thông tấn xã Việt Nam.")
    assert {c.cluster for c in ex.clusters} == {"Khối thi đua các cơ quan văn hóa - xã hội, các tổ chức báo chí"}
    assert {c.body for c in ex.clusters} == {"Bộ Y tế", "Thông tấn xã Việt Nam"}


def test_an_article_whose_title_comes_apart_keeps_its_first_paragraph():
    text = "Chiều 4/8/2024, Bộ Tư pháp tổ chức Hội nghị sơ kết. Dự có Thứ trưởng Bộ Tư pháp Đặng Hoàng Oanh."
    ex = extract(Article("x.jsonl#1", text, title="Bộ Tư pháp sơ kết 6 tháng"))
    assert ex.events and ex.events[0].date == "2024-08-04"
    assert run(text).events  # a one-line story: its only line is title and lead


def test_lower_case_letters_with_marks_are_not_capitals():
    ex = run("Tin\n\nSáng 5/3/2024, Bộ Tư pháp tổ chức Hội nghị tại đơn vị ở Hà Nội. Các đơn vị đã làm tốt, đặc biệt "
             "là ông Lê Văn Hùng, Giám đốc Sở Tư pháp.")
    assert ex.events[0].location is None
    assert len({o.evidence.text for o in ex.offices}) == 1 and ex.offices[0].evidence.text.startswith("Các đơn vị")


def test_cluster_members_named_by_their_head_take_the_article_s_place():
    ex = run("Tin\n\nUBND tỉnh Quảng Nam tổ chức hội nghị. Khối thi đua các cơ quan tỉnh Quảng Nam gồm Công an tỉnh "
             "và Văn phòng UBND tỉnh.")
    members = {c.body for c in ex.clusters}
    assert members == {"Công an tỉnh Quảng Nam", "Văn phòng Ủy ban nhân dân tỉnh Quảng Nam"}
    assert members <= set(ex.bodies)
