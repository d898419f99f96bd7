"""The extractor on short texts written in the genre's style."""
import unicodedata

from kg.extract import extract
from kg.extract.normalise import normalise
from kg.model import Article


def offices(text):
    ex = extract(Article("t.txt", text))
    return {(o.person, o.role, o.body, o.status) for o in ex.offices}, ex


def test_normalise_keeps_offsets_to_the_original():
    original = "Uỷ\u00a0ban  nhân dân\r\n“Hoà” " + unicodedata.normalize("NFD", "Trần Quốc Tỏ")
    n = normalise(original)
    assert n.text == 'Ủy ban nhân dân\n"Hòa" Trần Quốc Tỏ'
    i = n.text.index("Trần")
    a, b = n.span(i, len(n.text))
    assert unicodedata.normalize("NFC", original[a:b]) == "Trần Quốc Tỏ"


def test_chain_after_the_name_with_rank_and_abbreviations():
    got, ex = offices("Dự hội nghị có Thiếu tướng Lê Văn Hòa, Ủy viên BCH TW Đảng, Thứ trưởng Bộ Công an; "
                      "Thứ trưởng Bộ Tư pháp Đặng Văn Khoa.")
    assert ("Lê Văn Hòa", "Ủy viên", "Ban Chấp hành Trung ương Đảng", "current") in got
    assert ("Lê Văn Hòa", "Thứ trưởng", "Bộ Công an", "current") in got
    assert ("Đặng Văn Khoa", "Thứ trưởng", "Bộ Tư pháp", "current") in got
    assert ex.persons["Lê Văn Hòa"].ranks == {"Thiếu tướng"}
    assert not any(o[1] == "Thiếu tướng" for o in got)  # a rank is never an office


def test_chain_before_the_name_and_titles_that_carry_their_body():
    got, _ = offices("Phó Thủ tướng Chính phủ, Bộ trưởng Tư pháp Trần Văn Sơn dự lễ.")
    assert ("Trần Văn Sơn", "Phó Thủ tướng", "Chính phủ", "current") in got
    assert ("Trần Văn Sơn", "Bộ trưởng", "Bộ Tư pháp", "current") in got


def test_former_office_and_dash_apposition():
    got, _ = offices("Bà Nguyễn Thị Lan - Giám đốc Sở Tư pháp, cùng ông Phạm Đức Minh, nguyên Vụ trưởng Vụ Pháp chế, "
                     "Thanh tra Chính phủ.")
    assert ("Nguyễn Thị Lan", "Giám đốc", "Sở Tư pháp", "current") in got
    assert ("Phạm Đức Minh", "Vụ trưởng", "Vụ Pháp chế", "ended") in got


def test_distributive_title_over_a_list():
    got, _ = offices("Chủ trì hội nghị có các đồng chí Phó Viện trưởng VKSND tối cao: Hồ Văn Nam, Lý Thị Hạnh.")
    assert ("Hồ Văn Nam", "Phó Viện trưởng", "Viện kiểm sát nhân dân tối cao", "current") in got
    assert ("Lý Thị Hạnh", "Phó Viện trưởng", "Viện kiểm sát nhân dân tối cao", "current") in got


def test_party_post_takes_the_body_of_the_context():
    got, _ = offices("Về phía Kiểm toán nhà nước có đồng chí Vũ Minh Hải, Bí thư BCS, Phó Tổng KTNN.")
    assert ("Vũ Minh Hải", "Bí thư", "Ban cán sự Đảng Kiểm toán Nhà nước", "current") in got
    assert ("Vũ Minh Hải", "Phó Tổng Kiểm toán", "Kiểm toán Nhà nước", "current") in got


def test_acting_and_standing_stay_in_the_role():
    got, _ = offices("Quyền Bộ trưởng Ngoại giao Đinh Quang Huy tiếp bà Mai Thu Hà, Phó Chủ tịch Thường trực Hội Nông dân "
                     "Việt Nam.")
    assert ("Đinh Quang Huy", "Quyền Bộ trưởng", "Bộ Ngoại giao", "current") in got
    assert ("Mai Thu Hà", "Phó Chủ tịch Thường trực", "Hội Nông dân Việt Nam", "current") in got


def test_back_reference_resolves_to_the_full_name():
    _, ex = offices("Dự có Thứ trưởng Bộ Công an Trịnh Quốc Bảo. Thứ trưởng Quốc Bảo đề nghị tăng cường phối hợp.")
    assert set(ex.persons) == {"Trịnh Quốc Bảo"}
    assert "Quốc Bảo" in ex.persons["Trịnh Quốc Bảo"].aliases


def test_cluster_members_head_and_deputy():
    text = ("Hội nghị Cụm thi đua\n\nSáng 5/3/2024, tại tỉnh Nghệ An, Cụm thi đua các tỉnh Bắc Trung Bộ tổ chức "
            "hội nghị tổng kết. Cụm thi đua có 3 tỉnh thành viên là Nghệ An, Hà Tĩnh và Quảng Bình.\n\n"
            "Ông Hoàng Văn Đức, Chủ tịch UBND tỉnh Nghệ An (Cụm trưởng năm 2024) phát biểu.\n")
    ex = extract(Article("t.txt", text))
    got = {(c.body, c.role) for c in ex.clusters}
    assert ("Nghệ An", "head") in got
    assert ("Hà Tĩnh", "member") in got and ("Quảng Bình", "member") in got
    assert {c.cluster for c in ex.clusters} == {"Cụm thi đua các tỉnh Bắc Trung Bộ"}
    ev = ex.events[0]
    assert ev.date == "2024-03-05" and [a.person for a in ev.attendees] == ["Hoàng Văn Đức"]


def test_teasers_are_their_own_stories_and_credits_are_not_persons():
    text = ("Hội nghị sơ kết\n\nChiều 4/8, Bộ Tư pháp tổ chức Hội nghị sơ kết 6 tháng đầu năm 2023. Dự hội nghị có "
            "Thứ trưởng Lê Minh Hòa.\nThứ trưởng Lê Minh Hòa phát biểu. Ảnh: Thu Trang\n"
            "Thứ trưởng Lê Minh Hòa phát biểu. Ảnh: Thu Trang\n\nĐọc thêm\n\nTập huấn pháp luật\n"
            "(PLVN) - Sáng 20/6, Sở Tư pháp tổ chức hội nghị tập huấn do ông Cao Văn Tài, Giám đốc Sở Tư pháp chủ trì.\n")
    ex = extract(Article("t.txt", text))
    assert "Thu Trang" not in ex.persons
    main, teaser = ex.events
    assert main.date == "2023-08-04" and [a.person for a in main.attendees] == ["Lê Minh Hòa"]
    assert [a.person for a in teaser.attendees] == ["Cao Văn Tài"] and teaser.date == "--06-20"


def test_evidence_points_into_the_original_text():
    text = "Dự lễ có Thượng tướng Ngô Văn Thành, Thứ trưởng Bộ Quốc phòng."
    ex = extract(Article("t.txt", text))
    ev = ex.offices[0].evidence
    assert text[ev.start:ev.end] == ev.text and "Ngô Văn Thành" in ev.text


def test_normalise_rules_hold_on_random_text():
    import random

    rng = random.Random(1)
    alphabet = list("abc Ủy ỷ uý hoà \u00a0\u200b“”–…\r\n") + [unicodedata.normalize("NFD", "Tỏ"), "\r\n"]
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        n = normalise(s)
        assert len(n.starts) == len(n.text) == len(n.ends)
        assert "  " not in n.text and " \n" not in n.text and "\n " not in n.text and "\r" not in n.text
        assert all(n.starts[i] < n.ends[i] <= len(s) for i in range(len(n.text)))


def test_tone_convention_leaves_qu_alone():
    from kg.lexicon import modern_tones

    assert modern_tones("Uỷ ban, hoà bình, quý, Quỳnh") == "Ủy ban, hòa bình, quý, Quỳnh"
