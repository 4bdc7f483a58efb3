import Foundation

/// Follows where each HTTP/1.1 request on one connection starts and ends (head, then a body
/// framed by `Content-Length` or chunked encoding), so a chunk size no body could have is refused
/// before the HTTP parser starts waiting for it: NIO's parser takes `FFFFFFFFFFFFFFFF` as a valid
/// size and then waits for 2^64 bytes that never come.
///
/// It only watches: the bytes still go to NIO's parser, which stays the judge of everything else.
/// Whatever it cannot follow (a head past `maxHeadBytes`, a framing it does not know, an upgrade)
/// switches it off for the rest of the connection.
struct RequestFraming {
    /// Why a request is refused.
    enum Refusal: Error, Equatable {
        /// A chunk size of 2^63 or more, or of more than 16 hex digits.
        case unreadableChunkSize
    }

    /// Chunk sizes from 2^63 up are refused (no Int64 holds them; Go and nginx refuse the same).
    static let refusedChunkSize: UInt64 = 1 << 63
    let maxHeadBytes: Int

    private enum State {
        case head
        /// A body of known length: this many bytes still to come.
        case fixed(UInt64)
        /// Reading a chunk-size line: the digits so far; `rest` once past them (extensions, CRLF).
        case chunkSize(value: UInt64, digits: Int, rest: Bool)
        case chunkData(UInt64)
        /// The CRLF after a chunk's data.
        case chunkDataEnd
        /// Trailer lines after the last chunk; `lineLength` of the current one.
        case trailers(lineLength: Int)
        case off
    }

    private var state = State.head
    private var head: [UInt8] = []

    init(maxHeadBytes: Int = 128 * 1024) {
        self.maxHeadBytes = maxHeadBytes
    }

    var isOff: Bool {
        if case .off = state { return true }
        return false
    }

    /// Takes the next bytes of the connection; returns a refusal as soon as one is certain.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Refusal? {
        var i = 0
        let count = bytes.count
        while i < count {
            switch state {
            case .off:
                return nil
            case .head:
                let byte = bytes[i]
                i += 1
                if head.isEmpty && (byte == 0x0D || byte == 0x0A) { continue }  // empty lines between requests
                head.append(byte)
                if byte == 0x0A, head.count >= 2,
                    head[head.count - 2] == 0x0A || (head.count >= 3 && head[head.count - 2] == 0x0D && head[head.count - 3] == 0x0A)
                {
                    state = bodyState(afterHead: head)
                    head.removeAll(keepingCapacity: true)
                } else if head.count > maxHeadBytes {
                    state = .off
                }
            case .fixed(let remaining):
                let take = min(UInt64(count - i), remaining)
                i += Int(take)
                state = remaining == take ? .head : .fixed(remaining - take)
            case .chunkSize(let value, let digits, let rest):
                let byte = bytes[i]
                i += 1
                if byte == 0x0A {
                    guard digits > 0 else { state = .off; continue }  // the parser refuses it
                    state = value == 0 ? .trailers(lineLength: 0) : .chunkData(value)
                } else if !rest, let digit = Self.hexValue(byte) {
                    guard digits < 16 else { return .unreadableChunkSize }
                    let next = (value << 4) | digit  // at most 15 digits so far: no overflow
                    guard next < Self.refusedChunkSize else { return .unreadableChunkSize }
                    state = .chunkSize(value: next, digits: digits + 1, rest: false)
                } else {
                    state = .chunkSize(value: value, digits: digits, rest: true)
                }
            case .chunkData(let remaining):
                let take = min(UInt64(count - i), remaining)
                i += Int(take)
                state = remaining == take ? .chunkDataEnd : .chunkData(remaining - take)
            case .chunkDataEnd:
                let byte = bytes[i]
                i += 1
                if byte == 0x0A { state = .chunkSize(value: 0, digits: 0, rest: false) }
            case .trailers(let lineLength):
                let byte = bytes[i]
                i += 1
                if byte == 0x0A {
                    state = lineLength == 0 ? .head : .trailers(lineLength: 0)
                } else if byte != 0x0D {
                    state = .trailers(lineLength: lineLength + 1)
                }
            }
        }
        return nil
    }

    /// The framing a request head announces. Read as bytes: this runs for every request, and
    /// String-based splitting and trimming cost a tenth of a chat request's CPU.
    private func bodyState(afterHead bytes: [UInt8]) -> State {
        var lines = HeadLines(bytes)
        guard let requestLine = lines.next() else { return .off }
        if ASCII.hasPrefix(requestLine, "CONNECT ") { return .off }
        var sawTransferEncoding = false
        var lastCoding: ArraySlice<UInt8>?  // the last coding named, across every Transfer-Encoding line
        var contentLength: ArraySlice<UInt8>?
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = line[..<colon]
            let value = ASCII.trimmed(line[(colon + 1)...])
            if ASCII.equals(name, "transfer-encoding") {
                sawTransferEncoding = true
                if let last = value.split(separator: UInt8(ascii: ",")).last { lastCoding = last }
            } else if ASCII.equals(name, "content-length") {
                contentLength = value
            } else if ASCII.equals(name, "upgrade") {
                return .off
            }
        }
        if sawTransferEncoding {
            let chunked = lastCoding.map { ASCII.equals(ASCII.trimmed($0), "chunked") } ?? false
            return chunked ? .chunkSize(value: 0, digits: 0, rest: false) : .off
        }
        if let contentLength {
            guard let length = ASCII.unsigned(contentLength) else { return .off }
            return length == 0 ? .head : .fixed(length)
        }
        return .head
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: UInt64(byte - 0x30)
        case 0x41...0x46: UInt64(byte - 0x41 + 10)
        case 0x61...0x66: UInt64(byte - 0x61 + 10)
        default: nil
        }
    }
}

/// The lines of a request head (LF-separated, a CR before the LF dropped), empty ones skipped.
private struct HeadLines {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> ArraySlice<UInt8>? {
        while position < bytes.count {
            let start = position
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            position = end + 1
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            if end > start { return bytes[start..<end] }
        }
        return nil
    }
}
