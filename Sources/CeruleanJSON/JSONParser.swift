import Foundation

/// Why a document could not be parsed, with the byte offset, line and column of the fault.
/// A 1-based line and column in a parsed document.
public struct JSONPosition: Sendable, Equatable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String { "\(message) at line \(line), column \(column)" }
}

/// A strict RFC 8259 parser; with `allowComments` it also accepts `//` and `/* */` comments and
/// trailing commas, which ARM accepts in template text (JSONC).
public struct JSONParser {
    public var allowComments = false
    public var maxDepth = 256
    /// Object keys leading to one member whose value (and the trivia around it) may be JSONC
    /// while the rest of the document stays strict: `["properties", "template"]` for a
    /// deployment body, where `az` pastes the template file's text verbatim.
    public var lenientMember: [String] = []

    public init(allowComments: Bool = false, lenientMember: [String] = []) {
        self.allowComments = allowComments
        self.lenientMember = lenientMember
    }

    public static func parse(_ data: Data) throws -> JSON {
        try JSONParser().parse(data)
    }

    public static func parse(_ text: String) throws -> JSON {
        try JSONParser().parse(Data(text.utf8))
    }

    public func parse(_ data: Data) throws -> JSON {
        var cursor = Cursor(bytes: [UInt8](data), allowComments: allowComments, maxDepth: maxDepth,
                            lenientMember: lenientMember)
        return try parse(&cursor)
    }

    /// Parses and also reports where each object starts, by path (`properties.template.resources[0]`),
    /// for error messages that name a line and column.
    public func parseWithPositions(_ data: Data) throws -> (JSON, [String: JSONPosition]) {
        var cursor = Cursor(bytes: [UInt8](data), allowComments: allowComments, maxDepth: maxDepth,
                            lenientMember: lenientMember)
        cursor.recordsPositions = true
        let value = try parse(&cursor)
        return (value, cursor.positions())
    }

    private func parse(_ cursor: inout Cursor) throws -> JSON {
        cursor.skipWhitespace()
        if cursor.bytes.count >= 3, cursor.bytes[0] == 0xEF, cursor.bytes[1] == 0xBB, cursor.bytes[2] == 0xBF {
            cursor.index = 3  // byte order mark
            cursor.skipWhitespace()
        }
        guard !cursor.atEnd else { throw cursor.error("Unexpected end of input, expected a value") }
        let value = try cursor.parseValue(depth: 0)
        try cursor.skipTrivia()
        guard cursor.atEnd else { throw cursor.error("Unexpected content after the JSON value") }
        return value
    }
}

private struct Cursor {
    let bytes: [UInt8]
    var allowComments: Bool
    let maxDepth: Int
    let lenientMember: [String]
    /// How many keys of `lenientMember` the object being parsed sits under (-1: off that path).
    var lenientProgress = 0
    var index = 0
    var recordsPositions = false
    /// The path of the value being parsed, and the byte offsets where objects start.
    var path: [String] = []
    var objectOffsets: [(String, Int)] = []

    func pathString() -> String {
        path.reduce(into: "") { out, part in
            if part.hasPrefix("[") || out.isEmpty { out += part } else { out += "." + part }
        }
    }

    func positions() -> [String: JSONPosition] {
        var result: [String: JSONPosition] = [:]
        var line = 1, lineStart = 0, scanned = 0
        for (path, offset) in objectOffsets.sorted(by: { $0.1 < $1.1 }) {
            while scanned < offset {
                if bytes[scanned] == 0x0A { line += 1; lineStart = scanned + 1 }
                scanned += 1
            }
            result[path] = JSONPosition(line: line, column: offset - lineStart + 1)
        }
        return result
    }

    init(bytes: [UInt8], allowComments: Bool, maxDepth: Int, lenientMember: [String]) {
        self.bytes = bytes
        self.allowComments = allowComments
        self.maxDepth = maxDepth
        self.lenientMember = lenientMember
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { atEnd ? nil : bytes[index] }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        for b in bytes[0..<min(index, bytes.count)] {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONParseError(message: message, offset: index, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
    }

    /// Whitespace plus, in JSONC mode, comments.
    mutating func skipTrivia() throws {
        while true {
            skipWhitespace()
            guard allowComments, current == UInt8(ascii: "/"), index + 1 < bytes.count else { return }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "/") {
                while let c = current, c != 0x0A { index += 1 }
            } else if next == UInt8(ascii: "*") {
                index += 2
                while true {
                    guard index + 1 < bytes.count else { throw error("Unterminated comment") }
                    if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    index += 1
                }
            } else {
                return
            }
        }
    }

    mutating func parseValue(depth: Int) throws -> JSON {
        try skipTrivia()
        guard let c = current else { throw error("Unexpected end of input, expected a value") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("Unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    mutating func expectLiteral(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw error("Invalid literal, expected '\(word)'")
        }
        index += w.count
    }

    mutating func parseObject(depth: Int) throws -> JSON {
        guard depth <= maxDepth else { throw error("Nesting is deeper than \(maxDepth) levels") }
        if recordsPositions { objectOffsets.append((pathString(), index)) }
        index += 1
        var object = JSONObject()
        try skipTrivia()
        if current == UInt8(ascii: "}") { index += 1; return .object(object) }
        while true {
            try skipTrivia()
            let key: String
            if current == UInt8(ascii: "\"") {
                key = try parseString()
            } else if let bare = bareLenientKey() {
                key = bare
            } else {
                throw error("Expected a property name in double quotes")
            }
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { throw error("Expected ':' after property name") }
            index += 1
            let (savedProgress, savedAllow) = (lenientProgress, allowComments)
            enterMember(key)
            if recordsPositions { path.append(key) }
            let value = try parseValue(depth: depth)
            if recordsPositions { path.removeLast() }
            guard object[key] == nil else {
                throw error("Duplicate property name '\(key)'")
            }
            object[key] = value
            try skipTrivia()
            (lenientProgress, allowComments) = (savedProgress, savedAllow)
            guard let c = current else { throw error("Unexpected end of input inside an object") }
            if c == UInt8(ascii: ",") {
                index += 1
                if allowComments {
                    try skipTrivia()
                    if current == UInt8(ascii: "}") { index += 1; return .object(object) }
                }
                continue
            }
            if c == UInt8(ascii: "}") { index += 1; return .object(object) }
            throw error("Expected ',' or '}' in an object")
        }
    }

    /// The lenient member's own key written without quotes (`template:`, as `az` splices it in),
    /// accepted only where that member belongs.
    mutating func bareLenientKey() -> String? {
        guard !lenientMember.isEmpty, lenientProgress == lenientMember.count - 1 else { return nil }
        let name = Array(lenientMember[lenientProgress].utf8)
        guard index + name.count <= bytes.count, Array(bytes[index..<index + name.count]) == name else { return nil }
        let after = index + name.count
        if after < bytes.count, bytes[after] == UInt8(ascii: "_") || (bytes[after] | 0x20) >= UInt8(ascii: "a") && (bytes[after] | 0x20) <= UInt8(ascii: "z") || bytes[after] >= UInt8(ascii: "0") && bytes[after] <= UInt8(ascii: "9") {
            return nil
        }
        index = after
        return lenientMember[lenientProgress]
    }

    /// Follows `lenientMember` one key down; JSONC is switched on for the member it names.
    mutating func enterMember(_ key: String) {
        guard lenientProgress >= 0, lenientProgress < lenientMember.count else { return }
        if key == lenientMember[lenientProgress] {
            lenientProgress += 1
            if lenientProgress == lenientMember.count { allowComments = true }
        } else {
            lenientProgress = -1
        }
    }

    mutating func parseArray(depth: Int) throws -> JSON {
        guard depth <= maxDepth else { throw error("Nesting is deeper than \(maxDepth) levels") }
        index += 1
        var items: [JSON] = []
        let savedProgress = lenientProgress
        if lenientProgress < lenientMember.count { lenientProgress = -1 }  // the path names object keys only
        defer { lenientProgress = savedProgress }
        try skipTrivia()
        if current == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            if recordsPositions { path.append("[\(items.count)]") }
            items.append(try parseValue(depth: depth))
            if recordsPositions { path.removeLast() }
            try skipTrivia()
            guard let c = current else { throw error("Unexpected end of input inside an array") }
            if c == UInt8(ascii: ",") {
                index += 1
                if allowComments {
                    try skipTrivia()
                    if current == UInt8(ascii: "]") { index += 1; return .array(items) }
                }
                continue
            }
            if c == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("Expected ',' or ']' in an array")
        }
    }

    mutating func parseNumber() throws -> JSON {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw error("Invalid number") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let c = current, isDigit(c) { throw error("Numbers cannot have leading zeros") }
        } else {
            while let c = current, isDigit(c) { index += 1 }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let c = current, isDigit(c) else { throw error("Expected digits after the decimal point") }
            while let c = current, isDigit(c) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let c = current, isDigit(c) else { throw error("Expected digits in the exponent") }
            while let c = current, isDigit(c) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("Number out of range") }
        return .number(value)
    }

    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    mutating func parseString() throws -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ end: Int, into scalars: inout String.UnicodeScalarView) throws {
            guard end > runStart else { return }
            guard let s = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw error("Invalid UTF-8 in string")
            }
            scalars.append(contentsOf: s.unicodeScalars)
        }
        while true {
            guard let c = current else { throw error("Unterminated string") }
            if c == UInt8(ascii: "\"") {
                try flushRun(index, into: &scalars)
                index += 1
                return String(scalars)
            }
            // JSONC (templates) allows line breaks and tabs inside strings, as ARM does.
            if c < 0x20, !(allowComments && (c == 0x0A || c == 0x0D || c == 0x09)) {
                throw error("Control characters must be escaped in strings")
            }
            if c == UInt8(ascii: "\\") {
                try flushRun(index, into: &scalars)
                index += 1
                guard let e = current else { throw error("Unterminated escape sequence") }
                index += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                default: throw error("Invalid escape sequence")
                }
                runStart = index
                continue
            }
            index += 1
        }
    }

    mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("Invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("Invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("Unpaired surrogate in \\u escape") }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("Unpaired surrogate in \\u escape") }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(combined)!
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("Unpaired surrogate in \\u escape") }
        return scalar
    }
}
