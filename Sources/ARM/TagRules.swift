import CeruleanJSON

/// ARM's documented limits on `tags` (learn.microsoft.com, "Use tags to organize your Azure
/// resources", Limitations), refused with ARM's codes: at most 50 tags; a name of 1 to 512
/// characters without `< > % & \ ? /` or control characters; a value of at most 256 characters.
/// Lengths count UTF-16 code units, as ARM's .NET strings do.
public enum TagRules {
    public static let maxCount = 50
    public static let maxNameLength = 512
    public static let maxValueLength = 256
    static let reservedCharacters: Set<Character> = ["<", ">", "%", "&", "\\", "?", "/"]

    /// Throws the first rule `tags` breaks (its values already checked to be strings).
    public static func check(_ tags: JSONObject) throws {
        if tags.count > maxCount {
            throw ARMError(status: 400, code: "InvalidTags",
                           message: "Too many tags specified. Requested tag count - '\(tags.count)'. Maximum number of tags allowed - '\(maxCount)'.",
                           target: "tags")
        }
        let names = tags.keys
        if names.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw ARMError(status: 400, code: "InvalidTagName",
                           message: "The tag name must be non-null, non-empty and non-whitespace only. Please provide an actual value.",
                           target: "tags")
        }
        let reserved = names.filter { name in
            name.contains { reservedCharacters.contains($0) || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
        }
        if !reserved.isEmpty {
            throw ARMError(status: 400, code: "InvalidTagNameCharacters",
                           message: "The tag names '\(reserved.map(shown).joined(separator: ","))' have reserved characters '<,>,%,&,\\,?,/' or control characters.",
                           target: "tags")
        }
        if let long = names.first(where: { $0.utf16.count > maxNameLength }) {
            throw ARMError(status: 400, code: "InvalidTagName",
                           message: "Tag key too large. Following tag name '\(shown(long))' exceeded the maximum length. Maximum allowed length for tag name - '\(maxNameLength)' characters.",
                           target: "tags")
        }
        if let long = tags.first(where: { ($0.1.stringValue?.utf16.count ?? 0) > maxValueLength }) {
            throw ARMError(status: 400, code: "InvalidTagValueLength",
                           message: "Tag value too large. Following tag value '\(shown(long.1.stringValue ?? ""))' exceeded the maximum length. Maximum allowed length for tag value - '\(maxValueLength)' characters.",
                           target: "tags.\(shown(long.0))")
        }
    }

    /// A name or value as an error message quotes it: cut after 100 characters (ARM quotes it
    /// whole; a 4 MB value would make a 4 MB error).
    static func shown(_ text: String) -> String {
        text.count <= 100 ? text : String(text.prefix(100)) + "..."
    }
}
