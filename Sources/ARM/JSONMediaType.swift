import Foundation

/// ARM reads request bodies only as `application/json` (parameters such as `charset` allowed):
/// any other `Content-Type`, or none, on a body is `415 UnsupportedMediaType`.
public enum JSONMediaType {
    /// Whether `contentType` names JSON. Plain ASCII (every real client's) is read by bytes, as
    /// this runs on every data-plane request; anything else takes the Unicode-aware path.
    public static func isJSON(_ contentType: String) -> Bool {
        if let ascii = contentType.utf8.withContiguousStorageIfAvailable({ isJSONASCII($0) }), let ascii {
            return ascii
        }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    private static let jsonType = Array("application/json".utf8)

    private static func isJSONASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var type = bytes[..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count)]
        while let first = type.first, first == 0x20 || first == 0x09 { type = type.dropFirst() }
        while let last = type.last, last == 0x20 || last == 0x09 { type = type.dropLast() }
        return type.count == jsonType.count
            && zip(type, jsonType).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
    }

    /// Throws ARM's 415 when a PUT, PATCH or POST carries a body that is not declared JSON.
    static func check(_ request: ARMRequest) throws {
        guard ["PUT", "PATCH", "POST"].contains(request.method), let body = request.body,
            body.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        else { return }
        let declared = request.header("content-type")
        guard let declared, isJSON(declared) else { throw ARMError.unsupportedMediaType(declared) }
    }
}

extension ARMError {
    /// ARM's answer to a body that is not declared `application/json`; `nil` when no type was given.
    public static func unsupportedMediaType(_ contentType: String?) -> ARMError {
        ARMError(status: 415, code: "UnsupportedMediaType",
                 message: "The content media type '\(contentType ?? "<null>")' is not supported. Only 'application/json' is supported.")
    }
}
