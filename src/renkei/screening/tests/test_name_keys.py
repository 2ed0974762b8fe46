"""The keys every stored name gets, per script."""

import pytest

from renkei.screening.names import name_keys, script_of


@pytest.mark.parametrize(
    "name,script,roman",
    [
        ("Раҳмонов Ҷамшед", "CYRILLIC", "rahmonov jamshed"),
        ("Асанов Бакыт", "CYRILLIC", "asanov bakyt"),
        ("ソック・チャンナー", "JAPANESE", "sokku channa"),
        # Small vowel kana join the consonant before them, as Hepburn writes them
        ("ヴィライ・ポンマウォン", "JAPANESE", "virai pommawon"),
        ("ツァイ・イェン", "JAPANESE", "tsai yen"),
        ("ウィリアム", "JAPANESE", "wiriamu"),
        ("山田太郎", "JAPANESE", "yamada tarou"),
        ("សុខ ចាន់ណា", "KHMER", "sokh chanana"),
        # A subscript ro closing a word is silent; one starting a syllable is spoken
        ("វិចិត្រ", "KHMER", "vechet"),
        ("ពេជ្រ ស្រី", "KHMER", "pech srei"),
        ("ສົມໃຈ ພົມມະວົງ", "LAO", "somchai phommavong"),  # ໃ is read after ສ
        ("ຄຳພອນ ທຳມະວົງ", "LAO", "khamphn thammavong"),  # ຳ is "am" though NFKC splits it
        ("محمد علی خان", "ARABIC", "mhmd ly khn"),
        ("Ｓｏｋ　Ｃｈａｎｎａ", "LATIN", "sok channa"),  # full width (NFKC)
    ],
)
def test_romanised_by_script(name, script, roman):
    keys = name_keys(name)
    assert keys.script == script
    assert keys.roman == roman


@pytest.mark.parametrize(
    "name,bare,kinds",
    [
        ("Lao Manpower Export Co., Ltd.", "lao manpower export", set()),
        ("ラオ人材送出株式会社", "rao jinzai soushutsu", {"stock"}),
        ("ООО «Жолдош»", "zholdosh", {"limited"}),
        ("ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳກັດ ຜູ້ດຽວ", "songkhengngan", {"limited", "sole"}),
        ("ក្រុមហ៊ុន ស៊ីធី ម៉ែនផៅវ័រ ឯកជន", "seithei maenphauvar", {"limited"}),
        ("Siemens Aktiengesellschaft", "siemens", {"stock"}),
        ("Limited", "limited", {"limited"}),  # nothing but a legal form keeps it
    ],
)
def test_legal_forms_are_removed_and_their_kind_kept(name, bare, kinds):
    keys = name_keys(name)
    assert keys.bare == bare
    assert keys.legal_kinds == kinds


def test_skeletons_meet_across_abjad_and_syllabary():
    assert name_keys("محمد علی خان").skeleton == name_keys("Muhammad Ali Khan").skeleton
    assert name_keys("ソック・チャンナー").skeleton == name_keys("Sok Channa").skeleton
    assert name_keys("Sok Chenda").skeleton != name_keys("Sok Channa").skeleton


@pytest.mark.parametrize(
    "hostile",
    [
        "Sok\u200bChanna",  # zero-width space: a word break
        "Sok \u200dChan\u200cna",  # joiners
        "\u202eSok Channa\u202c",  # right-to-left override
        "\u200fSok\u200e Channa",  # direction marks
        "Sok\u00adChan\u00adna".replace("Chan\u00adna", " Channa"),  # soft hyphen
    ],
)
def test_invisible_characters_do_not_change_the_keys(hostile):
    assert name_keys(hostile).bare == "sok channa"


def test_emoji_and_symbols_only_give_empty_keys():
    keys = name_keys("😀 🙏 ★")
    assert keys.script == "" and keys.bare == ""


def test_mixed_scripts_take_the_majority_script():
    assert script_of("Сок Channa Чанна") == "CYRILLIC"
    assert name_keys("Sok Чанна").roman == "sok channa"
