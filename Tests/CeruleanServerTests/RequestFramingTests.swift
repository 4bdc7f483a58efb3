@testable import CeruleanServer
import Testing

/// `RequestFraming` follows request boundaries byte by byte and refuses only chunk sizes no body can have.
@Suite struct RequestFramingTests {
    func feed(_ framing: inout RequestFraming, _ text: String) -> RequestFraming.Refusal? {
        Array(text.utf8).withUnsafeBytes { framing.consume($0) }
    }

    let chunkedHead = "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test func theLargestUnsignedChunkSizeIsRefused() {
        var framing = RequestFraming()
        #expect(feed(&framing, chunkedHead + "FFFFFFFFFFFFFFFF\r\nabc") == .unreadableChunkSize)
    }

    @Test func sizesFromTwoToTheSixtyThirdAndLongerDigitRunsAreRefused() {
        var a = RequestFraming()
        #expect(feed(&a, chunkedHead + "8000000000000000\r\n") == .unreadableChunkSize)
        var b = RequestFraming()
        #expect(feed(&b, chunkedHead + "00000000000000001\r\n") == .unreadableChunkSize)  // 17 digits
        var c = RequestFraming()
        #expect(feed(&c, chunkedHead + "7FFFFFFFFFFFFFFF") == nil)  // large, but a size
    }

    @Test func aRefusalIsFoundWhateverTheSplitOfTheBytes() {
        let text = chunkedHead + "5\r\nhello\r\nFFFFFFFFFFFFFFFF\r\n"
        for cut in 1..<text.utf8.count {
            var framing = RequestFraming()
            let bytes = Array(text.utf8)
            let first = bytes[..<cut].withUnsafeBytes { framing.consume($0) }
            let second = bytes[cut...].withUnsafeBytes { framing.consume($0) }
            #expect((first ?? second) == .unreadableChunkSize, "cut at \(cut)")
        }
    }

    @Test func bodyBytesThatLookLikeChunkSizesAreNotRead() {
        var framing = RequestFraming()
        // A fixed-length body, then a chunked body whose data holds an "FFFF..." line, then trailers.
        let fixed = "PUT /a HTTP/1.1\r\nContent-Length: 18\r\n\r\nFFFFFFFFFFFFFFFF\r\n"
        let chunked = chunkedHead + "12\r\nFFFFFFFFFFFFFFFF\r\n\r\n0\r\nX-Trailer: 1\r\n\r\n"
        #expect(feed(&framing, fixed + chunked + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n") == nil)
        #expect(!framing.isOff)
        // Still following: the next request's bad size is seen.
        #expect(feed(&framing, chunkedHead + "FFFFFFFFFFFFFFFF\r\n") == .unreadableChunkSize)
    }

    @Test func chunkExtensionsAndBareLineFeedsAreFollowed() {
        var framing = RequestFraming()
        #expect(feed(&framing, chunkedHead + "3;name=value\r\nabc\r\n0\r\n\r\n") == nil)
        #expect(feed(&framing, "PUT /x HTTP/1.1\nTransfer-Encoding: gzip, chunked\n\n2\nab\n0\n\n") == nil)
        #expect(feed(&framing, chunkedHead + "FFFFFFFFFFFFFFFF;ext\r\n") == .unreadableChunkSize)
    }

    @Test func framingsItCannotFollowSwitchItOff() {
        var upgrade = RequestFraming()
        _ = feed(&upgrade, "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n")
        #expect(upgrade.isOff)
        var huge = RequestFraming(maxHeadBytes: 64)
        _ = feed(&huge, "GET /" + String(repeating: "a", count: 100))
        #expect(huge.isOff)
        var badLength = RequestFraming()
        _ = feed(&badLength, "PUT / HTTP/1.1\r\nContent-Length: lots\r\n\r\n")
        #expect(badLength.isOff)
    }

    @Test func headerNamesAnyCaseAndTheLastCodingOfSeveralLinesDecide() {
        var mixedCase = RequestFraming()
        #expect(feed(&mixedCase, "PUT /x HTTP/1.1\r\ntRANSFER-encoding:  Chunked \r\n\r\nFFFFFFFFFFFFFFFF\r\n") == .unreadableChunkSize)
        var twoLines = RequestFraming()
        #expect(feed(&twoLines, "PUT /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked,\r\n\r\nFFFFFFFFFFFFFFFF\r\n")
            == .unreadableChunkSize)
        var notLast = RequestFraming()
        _ = feed(&notLast, "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")
        #expect(notLast.isOff)
        var length = RequestFraming()
        #expect(feed(&length, "PUT /a HTTP/1.1\r\ncontent-LENGTH:\t3\r\n\r\nabc" + chunkedHead + "FFFFFFFFFFFFFFFF\r\n") == .unreadableChunkSize)
        var connect = RequestFraming()
        _ = feed(&connect, "connect host:443 HTTP/1.1\r\n\r\n")
        #expect(connect.isOff)
        var overflow = RequestFraming()
        _ = feed(&overflow, "PUT / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        #expect(overflow.isOff)
    }
}
