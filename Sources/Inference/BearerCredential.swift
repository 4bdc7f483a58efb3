/// The value of an `Authorization: Bearer <value>` header, read as bytes: the header carries a
/// whole JWT on token-authenticated calls, and `lowercased()`, Foundation's trimming and a
/// Character split over ~1 KB showed as a quarter of strict mode's token chat in a profile.
enum BearerCredential {
    /// The trimmed value after a case-insensitive `Bearer ` prefix; nil when the header is not one.
    static func value(of header: String) -> String? {
        let bytes = Array(header.utf8)
        let prefix = Array("bearer ".utf8)
        guard bytes.count >= prefix.count else { return nil }
        for i in prefix.indices where bytes[i] != prefix[i] && !(isUpper(bytes[i]) && bytes[i] | 0x20 == prefix[i]) { return nil }
        var start = prefix.count, end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A compact JWT: three parts separated by exactly two dots.
    static func looksLikeJWT(_ value: String) -> Bool {
        var dots = 0
        for byte in value.utf8 where byte == UInt8(ascii: ".") { dots += 1 }
        return dots == 2
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
