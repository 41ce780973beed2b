"""The geography the demo needs, written down so the demo runs without any data files.

Codes and Thai names are the official DOPA ones (กรมการปกครอง). This is deliberately
not the whole country below province level: only the districts and subdistricts the
demo data points at. ``import_geography`` loads the full official lists; ``load_demo``
adds from here only the codes that are still missing, so an import always wins.
tests/demo/test_load_demo.py checks every entry against the official files.
"""

from functools import cache

# All 77 provinces: official 2-digit code → Thai name. English names come from
# PyThaiNLP's bundled province corpus (see ``province_name_en``).
PROVINCES: dict[str, str] = {
    "10": "กรุงเทพมหานคร",
    "11": "สมุทรปราการ",
    "12": "นนทบุรี",
    "13": "ปทุมธานี",
    "14": "พระนครศรีอยุธยา",
    "15": "อ่างทอง",
    "16": "ลพบุรี",
    "17": "สิงห์บุรี",
    "18": "ชัยนาท",
    "19": "สระบุรี",
    "20": "ชลบุรี",
    "21": "ระยอง",
    "22": "จันทบุรี",
    "23": "ตราด",
    "24": "ฉะเชิงเทรา",
    "25": "ปราจีนบุรี",
    "26": "นครนายก",
    "27": "สระแก้ว",
    "30": "นครราชสีมา",
    "31": "บุรีรัมย์",
    "32": "สุรินทร์",
    "33": "ศรีสะเกษ",
    "34": "อุบลราชธานี",
    "35": "ยโสธร",
    "36": "ชัยภูมิ",
    "37": "อำนาจเจริญ",
    "38": "บึงกาฬ",
    "39": "หนองบัวลำภู",
    "40": "ขอนแก่น",
    "41": "อุดรธานี",
    "42": "เลย",
    "43": "หนองคาย",
    "44": "มหาสารคาม",
    "45": "ร้อยเอ็ด",
    "46": "กาฬสินธุ์",
    "47": "สกลนคร",
    "48": "นครพนม",
    "49": "มุกดาหาร",
    "50": "เชียงใหม่",
    "51": "ลำพูน",
    "52": "ลำปาง",
    "53": "อุตรดิตถ์",
    "54": "แพร่",
    "55": "น่าน",
    "56": "พะเยา",
    "57": "เชียงราย",
    "58": "แม่ฮ่องสอน",
    "60": "นครสวรรค์",
    "61": "อุทัยธานี",
    "62": "กำแพงเพชร",
    "63": "ตาก",
    "64": "สุโขทัย",
    "65": "พิษณุโลก",
    "66": "พิจิตร",
    "67": "เพชรบูรณ์",
    "70": "ราชบุรี",
    "71": "กาญจนบุรี",
    "72": "สุพรรณบุรี",
    "73": "นครปฐม",
    "74": "สมุทรสาคร",
    "75": "สมุทรสงคราม",
    "76": "เพชรบุรี",
    "77": "ประจวบคีรีขันธ์",
    "80": "นครศรีธรรมราช",
    "81": "กระบี่",
    "82": "พังงา",
    "83": "ภูเก็ต",
    "84": "สุราษฎร์ธานี",
    "85": "ระนอง",
    "86": "ชุมพร",
    "90": "สงขลา",
    "91": "สตูล",
    "92": "ตรัง",
    "93": "พัทลุง",
    "94": "ปัตตานี",
    "95": "ยะลา",
    "96": "นราธิวาส",
}

# Districts: official 4-digit code → (Thai name, English name).
DISTRICTS: dict[str, tuple[str, str]] = {
    # Nakhon Phanom (48): all twelve, the province of the evaluation visit (seed 000).
    "4801": ("เมืองนครพนม", "Mueang Nakhon Phanom"),
    "4802": ("ปลาปาก", "Pla Pak"),
    "4803": ("ท่าอุเทน", "Tha Uthen"),
    "4804": ("บ้านแพง", "Ban Phaeng"),
    "4805": ("ธาตุพนม", "That Phanom"),
    "4806": ("เรณูนคร", "Renu Nakhon"),
    "4807": ("นาแก", "Na Kae"),
    "4808": ("ศรีสงคราม", "Si Songkhram"),
    "4809": ("นาหว้า", "Na Wa"),
    "4810": ("โพนสวรรค์", "Phon Sawan"),
    "4811": ("นาทม", "Na Thom"),
    "4812": ("วังยาง", "Wang Yang"),
    # Sisaket (33): the committee meeting 3/2567 (seed 001).
    "3301": ("เมืองศรีสะเกษ", "Mueang Si Sa Ket"),
    # Phetchabun (67): เพชรบูรณ์พอเพียง, meeting at the provincial hall (seed 004).
    "6701": ("เมืองเพชรบูรณ์", "Mueang Phetchabun"),
    # Phrae (54): results communication FY 2566 (seed 003).
    "5401": ("เมืองแพร่", "Mueang Phrae"),
    # ร้อยใจรักษ์ (seed 002): 19 northern border districts in four provinces.
    "5004": ("เชียงดาว", "Chiang Dao"),
    "5009": ("ฝาง", "Fang"),
    "5010": ("แม่อาย", "Mae Ai"),
    "5020": ("เวียงแหง", "Wiang Haeng"),
    "5021": ("ไชยปราการ", "Chai Prakan"),
    "5703": ("เชียงของ", "Chiang Khong"),
    "5708": ("เชียงแสน", "Chiang Saen"),
    "5709": ("แม่สาย", "Mae Sai"),
    "5713": ("เวียงแก่น", "Wiang Kaen"),
    "5715": ("แม่ฟ้าหลวง", "Mae Fa Luang"),
    "5801": ("เมืองแม่ฮ่องสอน", "Mueang Mae Hong Son"),
    "5802": ("ขุนยวม", "Khun Yuam"),
    "5803": ("ปาย", "Pai"),
    "5804": ("แม่สะเรียง", "Mae Sariang"),
    "5807": ("ปางมะผ้า", "Pang Mapha"),
    "5603": ("เชียงคำ", "Chiang Kham"),
    "5604": ("เชียงม่วน", "Chiang Muan"),
    "5606": ("ปง", "Pong"),
    "5608": ("ภูซาง", "Phu Sang"),
}

# Subdistricts: official 6-digit code → (Thai name, English name).
SUBDISTRICTS: dict[str, tuple[str, str]] = {
    # Mueang Nakhon Phanom, all fifteen: the clubs visited in seed 000 lie here.
    "480101": ("ในเมือง", "Nai Mueang"),
    "480102": ("หนองแสง", "Nong Saeng"),
    "480103": ("นาทราย", "Na Sai"),
    "480104": ("นาราชควาย", "Na Ratchakhwai"),
    "480105": ("กุรุคุ", "Kurukhu"),
    "480106": ("บ้านผึ้ง", "Ban Phueng"),
    "480107": ("อาจสามารถ", "At Samat"),
    "480108": ("ขามเฒ่า", "Kham Thao"),
    "480109": ("บ้านกลาง", "Ban Klang"),
    "480110": ("ท่าค้อ", "Tha Kho"),
    "480111": ("คำเตย", "Kham Toei"),
    "480112": ("หนองญาติ", "Nong Yat"),
    "480113": ("ดงขวาง", "Dong Khwang"),
    "480114": ("วังตามัว", "Wang Ta Mua"),
    "480115": ("โพธิ์ตาก", "Pho Tak"),
    # Mueang Sisaket, Mueang Phetchabun, Mueang Phrae: the town centres.
    "330101": ("เมืองเหนือ", "Mueang Nuea"),
    "330102": ("เมืองใต้", "Mueang Tai"),
    "670101": ("ในเมือง", "Nai Mueang"),
    "540101": ("ในเวียง", "Nai Wiang"),
    # ร้อยใจรักษ์: 33 subdistricts. Chiang Mai (9).
    "500402": ("เมืองนะ", "Mueang Na"),
    "500407": ("ทุ่งข้าวพวง", "Thung Khao Phuang"),
    "500904": ("แม่งอน", "Mae Ngon"),
    "500912": ("โป่งน้ำร้อน", "Pong Nam Ron"),
    "501002": ("แม่สาว", "Mae Sao"),
    "501005": ("ท่าตอน", "Tha Ton"),
    "502002": ("เปียงหลวง", "Piang Luang"),
    "502003": ("แสนไห", "Saen Hai"),
    "502103": ("แม่ทะลบ", "Mae Thalop"),
    # Chiang Rai (9).
    "570305": ("ห้วยซ้อ", "Huai So"),
    "570310": ("ริมโขง", "Rim Khong"),
    "570805": ("แม่เงิน", "Mae Ngoen"),
    "570806": ("โยนก", "Yonok"),
    "570902": ("ห้วยไคร้", "Huai Khrai"),
    "570904": ("โป่งผา", "Pong Pha"),
    "571303": ("หล่ายงาว", "Lai Ngao"),
    "571501": ("เทอดไทย", "Thoet Thai"),
    "571503": ("แม่สลองนอก", "Mae Salong Nok"),
    # Mae Hong Son (8).
    "580103": ("ผาบ่อง", "Pha Bong"),
    "580104": ("ปางหมู", "Pang Mu"),
    "580203": ("เมืองปอน", "Mueang Pon"),
    "580304": ("แม่ฮี้", "Mae Hi"),
    "580306": ("เมืองแปง", "Mueang Paeng"),
    "580405": ("แม่ยวม", "Mae Yuam"),
    "580701": ("สบป่อง", "Sop Pong"),
    "580703": ("ถ้ำลอด", "Tham Lot"),
    # Phayao (7).
    "560308": ("ฝายกวาง", "Fai Kwang"),
    "560312": ("แม่ลาว", "Mae Lao"),
    "560402": ("บ้านมาง", "Ban Mang"),
    "560603": ("ออย", "Oi"),
    "560605": ("ผาช้างน้อย", "Pha Chang Noi"),
    "560801": ("ภูซาง", "Phu Sang"),
    "560803": ("ทุ่งกล้วย", "Thung Kluai"),
}


@cache
def _english_province_names() -> dict[str, str]:
    # Imported here: PyThaiNLP is heavy, and only load_demo needs it.
    from pythainlp.corpus import provinces

    return {row["name_th"]: row["name_en"] for row in provinces(details=True)}


def province_name_en(name_th: str) -> str:
    """The English name of a province, from PyThaiNLP's bundled corpus (no download)."""
    try:
        return _english_province_names()[name_th]
    except KeyError:
        raise LookupError(f"PyThaiNLP has no English name for province {name_th!r}") from None
