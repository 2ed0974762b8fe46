"""Builds bench/data/cross_script.csv, cross_script_held_out.csv and cross_script_fresh.csv: names in Lao, Khmer, Kyrgyz and Tajik Cyrillic, Urdu,
katakana and kanji paired with Latin forms.

    .venv/bin/python bench/data/make_cross_script.py

Source: constructed by the renkei team. Each script has a list of common given names and family
names, each with the native spelling and the Latin spelling used in passports and civil
registers of that country (Lao and Khmer: the French-derived spellings of Lao and Cambodian
passports, e.g. Bounmy, Phommavong, Sok, Chhim; Kyrgyz and Tajik: Russian-style passport
transliteration, e.g. Асанов → Asanov, Раҳмонов → Rakhmonov; Urdu: the spellings of Pakistani
passports, e.g. محمد → Muhammad; katakana: the foreign names as Japanese media write them; kanji:
Japanese names in passport Hepburn, e.g. 佐藤 → Sato). Full names are combinations of those parts.

- A true pair is a native full name and its Latin form, sometimes with a common spelling variant
  (Muhammad/Mohammad, Bounmy/Bounmi, Sato/Satou) or the words in the other order.
- A hard false pair is a native full name and the Latin form of a different person who shares
  its family name (or given name) and differs in the other part, chosen among the most similar
  alternatives: the cases a careless matcher merges (Sok Channa / Sok Chenda).

The output is deterministic (fixed seed); rerun after editing the lists.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from rapidfuzz.distance import Levenshtein

OUT = Path(__file__).resolve().parent / "cross_script.csv"
OUT_HELD_OUT = OUT.with_name("cross_script_held_out.csv")
OUT_FRESH = OUT.with_name("cross_script_fresh.csv")
SOURCE = "constructed: bench/data/make_cross_script.py name lists"
SOURCE_HELD_OUT = "constructed, held out: bench/data/make_cross_script.py HELD_OUT lists"
SOURCE_FRESH = "constructed, unread: bench/data/make_cross_script.py FRESH lists"

# (native, Latin, [Latin variants])
LISTS: dict[str, dict[str, list[tuple[str, str, list[str]]]]] = {
    "lao": {
        "given": [
            ("ສົມໃຈ", "Somchai", ["Somchay"]),
            ("ບຸນມີ", "Bounmy", ["Bounmi", "Bunmi"]),
            ("ຄຳພອນ", "Khamphone", ["Khamphon"]),
            ("ສຸລິຍາ", "Souliya", ["Suliya"]),
            ("ວັນນາ", "Vanna", []),
            ("ທອງດີ", "Thongdy", ["Thongdi"]),
            ("ສີສຸກ", "Sisouk", ["Sisuk"]),
            ("ພອນສະຫວັນ", "Phonesavanh", ["Phonsavan"]),
            ("ບົວພັນ", "Bouaphanh", ["Bouaphan"]),
            ("ແສງເດືອນ", "Saengdeuane", ["Sengdeuan"]),
            ("ຄຳຫຼ້າ", "Khamla", []),
            ("ສົມສັກ", "Somsak", []),
        ],
        "family": [
            ("ພົມມະວົງ", "Phommavong", ["Phommavongsa"]),
            ("ສີສະຫວັດ", "Sisavath", ["Sisavat"]),
            ("ແກ້ວມະນີ", "Keomany", ["Keomani"]),
            ("ວົງສາ", "Vongsa", []),
            ("ໄຊຍະວົງ", "Xayavong", ["Sayavong"]),
            ("ພັນທະວົງ", "Phanthavong", []),
            ("ຈັນທະລາ", "Chanthala", []),
            ("ສຸວັນນະວົງ", "Souvannavong", ["Suvannavong"]),
        ],
    },
    "khmer": {
        "given": [
            ("ចាន់ណា", "Channa", ["Chana"]),
            ("ចិន្ដា", "Chenda", []),
            ("ដារ៉ា", "Dara", []),
            ("សុភា", "Sophea", ["Sopheak"]),
            ("វណ្ណា", "Vanna", ["Vana"]),
            ("សំណាង", "Samnang", []),
            ("ពិសិដ្ឋ", "Piseth", ["Piset"]),
            ("រតនា", "Rathana", ["Ratana"]),
            ("សុខា", "Sokha", []),
            ("ធារី", "Theary", ["Teary"]),
            ("ស្រីមុំ", "Sreymom", ["Srey Mom"]),
            ("វិចិត្រ", "Vichet", []),
        ],
        "family": [
            ("សុខ", "Sok", []),
            ("ចាន់", "Chan", []),
            ("ហេង", "Heng", []),
            ("គឹម", "Kim", ["Kem"]),
            ("ឈឹម", "Chhim", ["Chim"]),
            ("ម៉ៅ", "Mao", []),
            ("ស៊ុន", "Sun", ["Soun"]),
            ("ពៅ", "Pov", ["Pau"]),
        ],
    },
    "kyrgyz": {
        "given": [
            ("Бакыт", "Bakyt", ["Bakit"]),
            ("Нурлан", "Nurlan", []),
            ("Айгүл", "Aigul", ["Aygul"]),
            ("Азамат", "Azamat", []),
            ("Жаныбек", "Zhanybek", ["Janybek"]),
            ("Чолпон", "Cholpon", []),
            ("Улан", "Ulan", []),
            ("Эрмек", "Ermek", []),
            ("Гүлнара", "Gulnara", []),
            ("Мирлан", "Mirlan", []),
            ("Асель", "Asel", []),
            ("Талант", "Talant", []),
        ],
        "family": [
            ("Асанов", "Asanov", ["Asanow"]),
            ("Жумабаев", "Zhumabaev", ["Jumabaev", "Zhumabayev"]),
            ("Токтогулов", "Toktogulov", []),
            ("Сыдыков", "Sydykov", ["Sydykow"]),
            ("Осмонова", "Osmonova", []),
            ("Абдыраев", "Abdyraev", ["Abdyrayev"]),
            ("Кадыров", "Kadyrov", []),
            ("Мамытов", "Mamytov", []),
        ],
    },
    "tajik": {
        "given": [
            ("Ҷамшед", "Jamshed", ["Dzhamshed", "Jamshid"]),
            ("Фирӯз", "Firuz", ["Firouz"]),
            ("Шаҳзод", "Shahzod", ["Shakhzod"]),
            ("Зарина", "Zarina", []),
            ("Далер", "Daler", []),
            ("Меҳрангез", "Mehrangez", ["Mekhrangez"]),
            ("Парвиз", "Parviz", []),
            ("Ҳусейн", "Husein", ["Khusein", "Husayn"]),
            ("Носир", "Nosir", ["Nasir"]),
            ("Бахтиёр", "Bakhtiyor", ["Bakhtiyar"]),
            ("Сомон", "Somon", []),
            ("Ғайрат", "Ghayrat", ["Gairat", "Gayrat"]),
        ],
        "family": [
            ("Раҳмонов", "Rakhmonov", ["Rahmonov"]),
            ("Қодиров", "Kodirov", ["Qodirov"]),
            ("Назаров", "Nazarov", []),
            ("Шарипов", "Sharipov", []),
            ("Ҳасанов", "Khasanov", ["Hasanov"]),
            ("Юсупов", "Yusupov", ["Iusupov"]),
            ("Саидов", "Saidov", []),
            ("Ғафуров", "Gafurov", ["Ghafurov"]),
        ],
    },
    "urdu": {
        "given": [
            ("محمد", "Muhammad", ["Mohammad", "Mohammed"]),
            ("علی", "Ali", []),
            ("احمد", "Ahmed", ["Ahmad"]),
            ("عمران", "Imran", []),
            ("عثمان", "Usman", ["Osman"]),
            ("فاطمہ", "Fatima", ["Fatimah"]),
            ("بلال", "Bilal", []),
            ("طارق", "Tariq", ["Tarik"]),
            ("نوید", "Naveed", ["Navid"]),
            ("سعید", "Saeed", ["Said"]),
            ("عائشہ", "Ayesha", ["Aisha"]),
            ("کامران", "Kamran", []),
        ],
        "family": [
            ("خان", "Khan", []),
            ("حسین", "Hussain", ["Hussein", "Husain"]),
            ("قریشی", "Qureshi", ["Qureishi"]),
            ("چوہدری", "Chaudhry", ["Chaudhary"]),
            ("شیخ", "Sheikh", ["Shaikh"]),
            ("بٹ", "Butt", []),
            ("ملک", "Malik", []),
            ("رضا", "Raza", []),
        ],
    },
    "katakana": {
        "given": [
            ("チャンナー", "Channa", []),
            ("ジャムシェド", "Jamshed", []),
            ("ソムチャイ", "Somchai", []),
            ("バキト", "Bakyt", []),
            ("ムハンマド", "Muhammad", ["Mohammad"]),
            ("ダラ", "Dara", []),
            ("ヌルラン", "Nurlan", []),
            ("ソピア", "Sophea", []),
            ("イムラン", "Imran", []),
            ("ブンミー", "Bounmy", ["Bounmi"]),
            ("ファティマ", "Fatima", []),
            ("ビラル", "Bilal", []),
        ],
        "family": [
            ("ソック", "Sok", []),
            ("ラフモノフ", "Rakhmonov", ["Rahmonov"]),
            ("アサノフ", "Asanov", []),
            ("ポンマウォン", "Phommavong", []),
            ("カーン", "Khan", []),
            ("ヘン", "Heng", []),
            ("ナザロフ", "Nazarov", []),
            ("マリク", "Malik", []),
        ],
    },
    "kanji": {
        "given": [
            ("太郎", "Taro", ["Tarou"]),
            ("花子", "Hanako", []),
            ("一郎", "Ichiro", ["Ichirou"]),
            ("健", "Ken", []),
            ("直樹", "Naoki", []),
            ("美咲", "Misaki", []),
            ("翔太", "Shota", ["Shouta"]),
            ("由美", "Yumi", []),
            ("大輔", "Daisuke", []),
            ("恵子", "Keiko", []),
            ("誠", "Makoto", []),
            ("陽子", "Yoko", ["Youko"]),
        ],
        "family": [
            ("佐藤", "Sato", ["Satou", "Satoh"]),
            ("鈴木", "Suzuki", []),
            ("高橋", "Takahashi", []),
            ("田中", "Tanaka", []),
            ("渡辺", "Watanabe", []),
            ("山本", "Yamamoto", []),
            ("中村", "Nakamura", []),
            ("小林", "Kobayashi", []),
        ],
    },
}
# Held out: other names of the same countries, written after the matcher's script rules were
# settled and not used to change them. bench/screening_quality.py reports them apart.
HELD_OUT: dict[str, dict[str, list[tuple[str, str, list[str]]]]] = {
    "lao": {
        "given": [
            ("ສົມພອນ", "Somphone", ["Somphon"]),
            ("ອານຸສອນ", "Anousone", ["Anouson"]),
            ("ວິໄລ", "Vilay", ["Vilai"]),
            ("ສຸກສະຫວັນ", "Souksavanh", ["Souksavan"]),
            ("ຄຳແສງ", "Khamsaeng", ["Khamseng"]),
            ("ພູວົງ", "Phouvong", []),
            ("ດາວວົງ", "Daovong", []),
            ("ມະນີວັນ", "Manivanh", ["Manivan"]),
        ],
        "family": [
            ("ສີຫາລາດ", "Sihalath", ["Sihalat"]),
            ("ອິນທະວົງ", "Inthavong", []),
            ("ວົງພະຈັນ", "Vongphachanh", ["Vongphachan"]),
            ("ດວງມາລາ", "Douangmala", ["Duangmala"]),
            ("ຈັນທະວົງ", "Chanthavong", []),
            ("ສຸລິວົງ", "Soulivong", ["Sulivong"]),
            ("ແສງສະຫວ່າງ", "Sengsavang", ["Saengsavang"]),
        ],
    },
    "khmer": {
        "given": [
            ("សុផល", "Sophal", []),
            ("វាសនា", "Veasna", []),
            ("បុប្ផា", "Bopha", []),
            ("សុជាតិ", "Socheat", ["Sochet"]),
            ("ចន្ថា", "Chantha", ["Chanta"]),
            ("រស្មី", "Reaksmey", ["Raksmey"]),
            ("ធីតា", "Thida", ["Tida"]),
            ("គន្ធា", "Kunthea", ["Kanthea"]),
        ],
        "family": [
            ("លី", "Ly", ["Lee"]),
            ("ហ៊ុន", "Hun", []),
            ("ទេព", "Tep", []),
            ("ឡុង", "Long", []),
            ("អ៊ុំ", "Um", ["Oum"]),
            ("យឹម", "Yim", ["Yem"]),
            ("ឈុន", "Chhun", ["Chun"]),
        ],
    },
    "kyrgyz": {
        "given": [
            ("Айбек", "Aibek", ["Aybek"]),
            ("Чынара", "Chynara", ["Chinara"]),
            ("Бекжан", "Bekzhan", ["Bekjan"]),
            ("Элмира", "Elmira", []),
            ("Нургазы", "Nurgazy", []),
            ("Самат", "Samat", []),
            ("Жылдыз", "Zhyldyz", ["Jyldyz"]),
            ("Темирлан", "Temirlan", []),
        ],
        "family": [
            ("Токтосунов", "Toktosunov", []),
            ("Бейшеналиев", "Beishenaliev", ["Beyshenaliev"]),
            ("Алымкулова", "Alymkulova", []),
            ("Сатыбалдиев", "Satybaldiev", []),
            ("Исаков", "Isakov", []),
            ("Эсенбаев", "Esenbaev", ["Esenbayev"]),
            ("Жээнбеков", "Zheenbekov", ["Jeenbekov"]),
        ],
    },
    "tajik": {
        "given": [
            ("Алишер", "Alisher", []),
            ("Дилшод", "Dilshod", []),
            ("Манучеҳр", "Manuchehr", ["Manuchekhr"]),
            ("Ситора", "Sitora", []),
            ("Файзулло", "Faizullo", ["Fayzullo"]),
            ("Хуршед", "Khurshed", ["Hurshed"]),
            ("Нигина", "Nigina", []),
            ("Умед", "Umed", []),
        ],
        "family": [
            ("Каримов", "Karimov", []),
            ("Мирзоев", "Mirzoev", ["Mirzoyev"]),
            ("Ҷӯраев", "Juraev", ["Dzhuraev"]),
            ("Сафаров", "Safarov", []),
            ("Давлатов", "Davlatov", []),
            ("Зокиров", "Zokirov", ["Zakirov"]),
            ("Ҳакимов", "Khakimov", ["Hakimov"]),
        ],
    },
    "urdu": {
        "given": [
            ("حسن", "Hassan", ["Hasan"]),
            ("زینب", "Zainab", ["Zaynab"]),
            ("یاسر", "Yasir", ["Yasser"]),
            ("شاہد", "Shahid", []),
            ("رابعہ", "Rabia", []),
            ("فیصل", "Faisal", ["Faysal"]),
            ("عاصم", "Asim", ["Aasim"]),
            ("نادیہ", "Nadia", ["Nadiya"]),
        ],
        "family": [
            ("اعوان", "Awan", []),
            ("مرزا", "Mirza", []),
            ("گیلانی", "Gilani", ["Geelani"]),
            ("ستی", "Satti", []),
            ("جٹ", "Jatt", ["Jat"]),
            ("صدیقی", "Siddiqui", ["Siddiqi"]),
            ("بخاری", "Bukhari", ["Bokhari"]),
        ],
    },
    "katakana": {
        "given": [
            ("アイベク", "Aibek", []),
            ("ソパル", "Sophal", []),
            ("ヴィライ", "Vilay", []),
            ("ハッサン", "Hassan", ["Hasan"]),
            ("ディルショド", "Dilshod", []),
            ("ファイサル", "Faisal", []),
            ("ニギナ", "Nigina", []),
            ("チャンタ", "Chantha", []),
        ],
        "family": [
            ("カリモフ", "Karimov", []),
            ("インタウォン", "Inthavong", []),
            ("アワン", "Awan", []),
            ("ミルザ", "Mirza", []),
            ("リー", "Ly", ["Lee"]),
            ("イサコフ", "Isakov", []),
            ("トクトスノフ", "Toktosunov", []),
        ],
    },
    "kanji": {
        "given": [
            ("裕太", "Yuta", ["Yuuta"]),
            ("結衣", "Yui", []),
            ("拓也", "Takuya", []),
            ("真由美", "Mayumi", []),
            ("浩二", "Koji", ["Kouji"]),
            ("美穂", "Miho", []),
            ("隆", "Takashi", []),
            ("恵美", "Emi", []),
        ],
        "family": [
            ("伊藤", "Ito", ["Itou", "Itoh"]),
            ("加藤", "Kato", ["Katou"]),
            ("吉田", "Yoshida", []),
            ("山田", "Yamada", []),
            ("松本", "Matsumoto", []),
            ("井上", "Inoue", []),
            ("木村", "Kimura", []),
        ],
    },
}
# A third set, written after the rules found in the held-out misses, and not read
# since: only its figures are printed (bench/screening_quality.py lists no misjudged pair of
# it), so that it measures rules no one tuned on it. Spellings as in LISTS; names not in
# LISTS or HELD_OUT.
FRESH: dict[str, dict[str, list[tuple[str, str, list[str]]]]] = {
    "lao": {
        "given": [
            ("ສົມບັດ", "Sombath", ["Sombat"]),
            ("ນ້ອຍ", "Noy", ["Noi"]),
            ("ສຸດາ", "Souda", ["Suda"]),
            ("ບຸນທັນ", "Bounthanh", ["Bounthan"]),
            ("ຄຳມະນີ", "Khammany", ["Khammani"]),
            ("ສີລາ", "Sila", []),
            ("ພອນທິບ", "Phonethip", ["Phonthip"]),
            ("ວຽງຄຳ", "Viengkham", ["Vienkham"]),
        ],
        "family": [
            ("ແສງທອງ", "Saengthong", ["Sengthong"]),
            ("ພິລາວົງ", "Philavong", []),
            ("ໄຊສົມບູນ", "Xaysomboun", ["Saysomboun"]),
            ("ວໍລະຈັກ", "Vorachak", ["Vorachack"]),
            ("ບຸບຜາ", "Boupha", []),
            ("ສຸພານຸວົງ", "Souphanouvong", []),
            ("ທຳມະວົງ", "Thammavong", ["Thammavongsa"]),
        ],
    },
    "khmer": {
        "given": [
            ("សុវណ្ណ", "Sovann", ["Sovan"]),
            ("ពិសី", "Pisey", []),
            ("វុទ្ធី", "Vuthy", ["Vuthi"]),
            ("សុខលី", "Sokly", []),
            ("ម៉ាលី", "Maly", ["Mali"]),
            ("ចំរើន", "Chamroeun", ["Chamroen"]),
            ("សុគន្ធា", "Sokunthea", []),
            ("ណារី", "Nary", []),
        ],
        "family": [
            ("ឃឹម", "Khim", []),
            ("ម៉ម", "Mom", []),
            ("គង់", "Kong", []),
            ("ពេជ្រ", "Pich", ["Pech"]),
            ("ញឹក", "Nhek", []),
            ("អ៊ុក", "Ouk", ["Uk"]),
            ("ជា", "Chea", []),
            ("ប្រាក់", "Prak", []),
        ],
    },
    "kyrgyz": {
        "given": [
            ("Адилет", "Adilet", []),
            ("Бурул", "Burul", []),
            ("Эрлан", "Erlan", []),
            ("Бегимай", "Begimai", ["Begimay"]),
            ("Алмаз", "Almaz", []),
            ("Айжан", "Aizhan", ["Ayzhan"]),
            ("Канат", "Kanat", []),
            ("Нурбек", "Nurbek", []),
        ],
        "family": [
            ("Осмонов", "Osmonov", []),
            ("Жапаров", "Zhaparov", ["Japarov"]),
            ("Бакиров", "Bakirov", []),
            ("Абдыкадыров", "Abdykadyrov", []),
            ("Турдубаев", "Turdubaev", ["Turdubayev"]),
            ("Султанов", "Sultanov", []),
            ("Усенов", "Usenov", []),
        ],
    },
    "tajik": {
        "given": [
            ("Фаридун", "Faridun", []),
            ("Рустам", "Rustam", []),
            ("Фирдавс", "Firdavs", []),
            ("Шабнам", "Shabnam", []),
            ("Мадина", "Madina", []),
            ("Исмоил", "Ismoil", []),
            ("Фаррух", "Farrukh", ["Farukh"]),
            ("Меҳрона", "Mehrona", ["Mekhrona"]),
        ],
        "family": [
            ("Шарифов", "Sharifov", []),
            ("Қурбонов", "Kurbonov", ["Qurbonov"]),
            ("Бобоев", "Boboev", ["Boboyev"]),
            ("Ашуров", "Ashurov", []),
            ("Олимов", "Olimov", []),
            ("Раҳимов", "Rakhimov", ["Rahimov"]),
            ("Исмоилов", "Ismoilov", []),
        ],
    },
    "urdu": {
        "given": [
            ("عمر", "Umar", ["Omar"]),
            ("سعدیہ", "Sadia", ["Saadia"]),
            ("عدنان", "Adnan", []),
            ("کاشف", "Kashif", []),
            ("صائمہ", "Saima", []),
            ("وقاص", "Waqas", ["Waqqas"]),
            ("ثناء", "Sana", []),
            ("جاوید", "Javed", ["Javaid"]),
        ],
        "family": [
            ("راجپوت", "Rajput", []),
            ("انصاری", "Ansari", []),
            ("عباسی", "Abbasi", []),
            ("ہاشمی", "Hashmi", ["Hashimi"]),
            ("نیازی", "Niazi", []),
            ("خٹک", "Khattak", []),
            ("ڈوگر", "Dogar", []),
        ],
    },
    "katakana": {
        "given": [
            ("ソムバット", "Sombath", ["Sombat"]),
            ("ウマル", "Umar", ["Omar"]),
            ("アルマズ", "Almaz", []),
            ("ルスタム", "Rustam", []),
            ("ソクリー", "Sokly", []),
            ("アドナン", "Adnan", []),
            ("ヌルベク", "Nurbek", []),
            ("マリー", "Maly", []),
        ],
        "family": [
            ("ウセノフ", "Usenov", []),
            ("アシュロフ", "Ashurov", []),
            ("アンサリ", "Ansari", []),
            ("コン", "Kong", []),
            ("ティラウォン", "Thilavong", []),
            ("ボボエフ", "Boboev", []),
            ("チア", "Chea", []),
        ],
    },
    "kanji": {
        "given": [
            ("翔", "Sho", ["Shou"]),
            ("陽菜", "Hina", []),
            ("健太", "Kenta", []),
            ("彩", "Aya", []),
            ("悠斗", "Yuto", ["Yuuto"]),
            ("千尋", "Chihiro", []),
            ("大輝", "Daiki", []),
            ("優子", "Yuko", ["Yuuko"]),
        ],
        "family": [
            ("藤田", "Fujita", []),
            ("斎藤", "Saito", ["Saitou", "Saitoh"]),
            ("清水", "Shimizu", []),
            ("山口", "Yamaguchi", []),
            ("森", "Mori", []),
            ("池田", "Ikeda", []),
            ("橋本", "Hashimoto", []),
        ],
    },
}
# Japanese and East Asian order: family name first in the native script.
FAMILY_FIRST = {"kanji", "khmer"}


def native(script: str, given: str, family: str) -> str:
    if script in FAMILY_FIRST:
        return f"{family}{given}" if script == "kanji" else f"{family} {given}"
    if script == "katakana":
        return f"{given}・{family}"
    return f"{family} {given}" if script in ("kyrgyz", "tajik") else f"{given} {family}"


def latin(given: str, family: str, rng: random.Random) -> str:
    return f"{family} {given}" if rng.random() < 0.3 else f"{given} {family}"


def pairs(lists: dict, rng: random.Random) -> list[tuple[str, str, str, str]]:
    rows = []
    for script, parts in lists.items():
        givens, families = parts["given"], parts["family"]
        combos = [(g, f) for g in givens for f in families]
        rng.shuffle(combos)
        for g, f in combos[:55]:
            g_latin = rng.choice([g[1], *g[2]])
            f_latin = rng.choice([f[1], *f[2]])
            rows.append((script, native(script, g[0], f[0]), latin(g_latin, f_latin, rng), "true"))
        for g, f in rng.sample(combos, 55):
            # The most similar different given name (or family name), same other part.
            if rng.random() < 0.7:
                other = min(
                    (o for o in givens if o[1] != g[1]),
                    key=lambda o: Levenshtein.distance(o[1].lower(), g[1].lower()),
                )
                false_latin = latin(other[1], f[1], rng)
            else:
                other = min(
                    (o for o in families if o[1] != f[1]),
                    key=lambda o: Levenshtein.distance(o[1].lower(), f[1].lower()),
                )
                false_latin = latin(g[1], other[1], rng)
            rows.append((script, native(script, g[0], f[0]), false_latin, "false"))
    return rows


def write(path: Path, rows: list, source: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["script", "name1", "name2", "is_match", "kind", "source"])
        for script, left, right, match in rows:
            writer.writerow([script, left, right, match, "person", source])
    print(f"{len(rows)} pairs written to {path.name}")


def main() -> None:
    write(OUT, pairs(LISTS, random.Random(20261122)), SOURCE)  # noqa: S311 - reproducible data
    write(OUT_HELD_OUT, pairs(HELD_OUT, random.Random(20261123)), SOURCE_HELD_OUT)  # noqa: S311
    write(OUT_FRESH, pairs(FRESH, random.Random(20261124)), SOURCE_FRESH)  # noqa: S311


if __name__ == "__main__":
    main()
