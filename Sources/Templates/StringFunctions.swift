import CeruleanJSON
import Crypto
import Foundation

/// String functions: concat, format, toLower, toUpper, replace, substring, trim, split,
/// startsWith, endsWith, indexOf, lastIndexOf, padLeft, uniqueString, guid, base64, base64ToString.
enum StringFunctions {
    /// The longest string (in UTF-8 bytes) or array a function may build: templates are at most
    /// 4 MB, and a few nested `concat`/`replace` calls must not be able to exhaust memory.
    static let maxLength = 1_048_576

    static func checkLength(_ c: FunctionCall, _ length: Int) throws {
        guard length <= maxLength else {
            throw c.fail("the result would be \(length) long, more than the limit of \(maxLength)")
        }
    }

    static let table: [String: TemplateFunction] = [
        "concat": concat,
        "format": format,
        "tolower": { c in try c.arity(1); return .string(try c.string(0).lowercased()) },
        "toupper": { c in try c.arity(1); return .string(try c.string(0).uppercased()) },
        "trim": { c in try c.arity(1); return .string(try c.string(0).trimmingCharacters(in: .whitespacesAndNewlines)) },
        "replace": { c in
            try c.arity(3)
            let old = try c.string(1)
            guard !old.isEmpty else { throw c.fail("the string to replace cannot be empty") }
            let text = try c.string(0), new = try c.string(2)
            let occurrences = text.components(separatedBy: old).count - 1
            try checkLength(c, text.utf8.count + occurrences * max(0, new.utf8.count - old.utf8.count))
            return .string(text.replacingOccurrences(of: old, with: new))
        },
        "substring": substring,
        "split": { c in
            try c.arity(2)
            let text = try c.string(0)
            let separators: [String]
            let v = try c.value(1)
            if let s = v.stringValue { separators = [s] } else if let a = v.arrayValue { separators = a.compactMap(\.stringValue) }
            else { throw TemplateError.argumentType(c.name, expected: "'String' or 'Array'", found: Evaluator.kind(v)) }
            var parts = [text]
            for sep in separators where !sep.isEmpty { parts = parts.flatMap { $0.components(separatedBy: sep) } }
            return .array(parts.map(JSON.string))
        },
        "startswith": { c in try c.arity(2); return .bool(try c.string(0).lowercased().hasPrefix(try c.string(1).lowercased())) },
        "endswith": { c in try c.arity(2); return .bool(try c.string(0).lowercased().hasSuffix(try c.string(1).lowercased())) },
        "indexof": { c in try c.arity(2); return JSON(index(of: try c.string(1), in: try c.string(0), last: false)) },
        "lastindexof": { c in try c.arity(2); return JSON(index(of: try c.string(1), in: try c.string(0), last: true)) },
        "padleft": { c in
            try c.arity(2, 3)
            let v = try c.value(0)
            let text = v.stringValue ?? v.intValue.map(String.init) ?? v.compactString
            let width = try c.int(1)
            let pad = c.count == 3 ? try c.string(2) : " "
            guard pad.count == 1 else { throw c.fail("the padding character must be a single character") }
            try checkLength(c, width)
            return .string(String(repeating: pad, count: max(0, width - text.count)) + text)
        },
        "uniquestring": { c in
            try c.arity(1, Int.max)
            let parts = try (0..<c.count).map { try c.string($0) }
            return .string(uniqueString(parts))
        },
        "guid": { c in
            try c.arity(1, Int.max)
            let parts = try (0..<c.count).map { try c.string($0) }
            return .string(deterministicGUID(parts))
        },
        "base64": { c in try c.arity(1); return .string(Data(try c.string(0).utf8).base64EncodedString()) },
        "base64tostring": { c in
            try c.arity(1)
            guard let data = Data(base64Encoded: try c.string(0)), let text = String(data: data, encoding: .utf8) else {
                throw c.fail("the value is not valid base64")
            }
            return .string(text)
        },
    ]

    /// Strings concatenate; arrays concatenate into one array.
    static let concat: TemplateFunction = { c in
        try c.arity(1, Int.max)
        let values = try c.values()
        if values.allSatisfy({ $0.arrayValue != nil }) {
            try checkLength(c, values.reduce(0) { $0 + $1.arrayValue!.count })
            return .array(values.flatMap { $0.arrayValue! })
        }
        try checkLength(c, values.reduce(0) { $0 + ($1.stringValue?.utf8.count ?? 0) })
        var text = ""
        for v in values {
            switch v {
            case .string(let s): text += s
            case .number, .bool: text += ConversionFunctions.text(v)
            case .null: continue
            default: throw TemplateError.argumentType(c.name, expected: "'String', 'Integer' or 'Boolean' (or all 'Array')", found: Evaluator.kind(v))
            }
        }
        return .string(text)
    }

    /// .NET composite formatting: `{0}`, `{1}`, `{{`, `}}`; a format specifier after `:` is ignored.
    static let format: TemplateFunction = { c in
        try c.arity(1, Int.max)
        let pattern = Array(try c.string(0))
        let args = try (1..<max(1, c.count)).map { try c.value($0) }
        var out = ""
        var i = 0
        while i < pattern.count {
            let ch = pattern[i]
            if ch == "{" {
                if i + 1 < pattern.count, pattern[i + 1] == "{" { out.append("{"); i += 2; continue }
                guard let close = pattern[i...].firstIndex(of: "}") else { throw c.fail("the format string is not valid") }
                let spec = String(pattern[(i + 1)..<close])
                let number = spec.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let n = Int(number), args.indices.contains(n) else {
                    throw c.fail("the format item '{\(spec)}' does not match an argument")
                }
                out += ConversionFunctions.text(args[n])
                try checkLength(c, out.utf8.count)
                i = close + 1
            } else if ch == "}" {
                guard i + 1 < pattern.count, pattern[i + 1] == "}" else { throw c.fail("the format string is not valid") }
                out.append("}")
                i += 2
            } else {
                out.append(ch)
                i += 1
            }
        }
        return .string(out)
    }

    static let substring: TemplateFunction = { c in
        try c.arity(1, 3)
        let text = Array(try c.string(0))
        let start = c.count > 1 ? try c.int(1) : 0
        guard start >= 0, start <= text.count else {
            throw c.fail("the index parameter cannot be less than zero or greater than the length of the string ('\(text.count)')")
        }
        let length = c.count > 2 ? try c.int(2) : text.count - start
        guard length >= 0, start + length <= text.count else {
            throw c.fail("the index and length parameters must refer to a location within the string; the start index is '\(start)', the length is '\(length)' and the string is '\(text.count)' long")
        }
        return .string(String(text[start..<(start + length)]))
    }

    static func index(of needle: String, in haystack: String, last: Bool) -> Int {
        let h = haystack.lowercased(), n = needle.lowercased()
        guard let range = last ? h.range(of: n, options: .backwards) : h.range(of: n) else { return -1 }
        return h.distance(from: h.startIndex, to: range.lowerBound)
    }

    /// 13 lower-case base-32 characters from a hash of the arguments: deterministic, as in Azure
    /// (the hash differs from Azure's, so the values do too).
    static func uniqueString(_ parts: [String]) -> String {
        let digest = Array(SHA256.hash(data: Data(parts.joined(separator: "-").utf8)))
        var bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = ""
        for _ in 0..<13 {
            out.append(alphabet[Int(bits >> 59)])
            bits <<= 5
        }
        return out
    }

    /// A name-based (version 5, SHA-1) UUID of the arguments joined by `-`.
    static func deterministicGUID(_ parts: [String]) -> String {
        let namespace: [UInt8] = [0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30]
        var bytes = Array(Insecure.SHA1.hash(data: Data(namespace + Array(parts.joined(separator: "-").utf8))).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
