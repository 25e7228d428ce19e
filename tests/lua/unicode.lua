-- unicode: validation, normalisation, case, width, graphemes (stdlib/unicode.c)

eq(unicode.validate("héllo"), true, "valid UTF-8")
eq({ unicode.validate("ab\xffc") }, { false, "invalid UTF-8 at byte 3" }, "invalid byte is reported with its offset")
eq(unicode.validate("\xed\xa0\x80"), false, "a UTF-16 surrogate is not UTF-8")
eq(unicode.validate("\xc0\xaf"), false, "overlong encoding is rejected")
eq(unicode.validate(""), true, "empty string is valid")

local nfd = "e\u{301}"
local nfc = "\u{e9}"
eq(unicode.normalize(nfd), nfc, "NFC is the default")
eq(unicode.normalize(nfd, "NFC"), nfc, "NFC composes")
eq(unicode.normalize(nfc, "NFD"), nfd, "NFD decomposes")
eq(unicode.normalize("\u{fb01}", "NFKC"), "fi", "NFKC folds compatibility ligatures")
eq(unicode.normalize("\u{fb01}", "NFC"), "\u{fb01}", "NFC keeps compatibility characters")
eq(unicode.normalize("\u{1e9b}\u{323}", "NFKD"), "s\u{323}\u{307}", "NFKD")
raises("invalid option 'NFX'", unicode.normalize, "a", "NFX")
raises("invalid UTF-8 at byte 2", unicode.normalize, "a\xff")

eq(unicode.casefold("Straße"), "strasse", "full case folding")
eq(unicode.casefold("ΣΑΣ"), unicode.casefold("σας"), "caseless comparison of Greek")
eq(unicode.upper("héllo wörld"), "HÉLLO WÖRLD", "upper")
eq(unicode.lower("ÀÉÎ"), "àéî", "lower")
raises("invalid UTF-8", unicode.upper, "\xff")

eq(unicode.width("abc"), 3, "ASCII width")
eq(unicode.width("日本"), 4, "wide characters count two")
eq(unicode.width("e\u{301}"), 1, "combining marks count zero")
eq(unicode.len("日本語"), 3, "code points")
raises("invalid UTF-8", unicode.width, "\xe6\x97")

local gs = {}
for g, pos in unicode.graphemes("e\u{301}a🇫🇷👍🏽") do gs[#gs + 1] = g .. "@" .. pos end
eq(gs, { "e\u{301}@1", "a@4", "🇫🇷@5", "👍🏽@13" }, "grapheme clusters with positions")
local n = 0
for _ in unicode.graphemes("") do n = n + 1 end
eq(n, 0, "no graphemes in an empty string")
raises("invalid UTF-8 at byte 2", unicode.graphemes, "a\x80")
check(type(unicode.unicode_version) == "string", "unicode_version")
check(rawequal(require("rez.unicode"), unicode), "require('rez.unicode')")
