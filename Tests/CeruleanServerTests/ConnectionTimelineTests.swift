@testable import CeruleanServer
import NIOCore
import Testing

/// The deadlines one connection runs against, step by step.
@Suite struct ConnectionTimelineTests {
    var limits: ConnectionLimits {
        var l = ConnectionLimits()
        l.handshake = .seconds(10)
        l.requestHead = .seconds(30)
        l.requestBody = .seconds(60)
        l.keepAlive = .seconds(120)
        return l
    }

    func at(_ seconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(1_000 + seconds) * 1_000_000_000) }

    @Test func aTLSConnectionMustFinishItsHandshakeThenSendAHead() {
        var t = ConnectionTimeline(limits: limits, tls: true, now: at(0))
        #expect(t.deadline?.at == at(10))
        #expect(t.deadline?.expiry == .handshake)
        t.handshakeFinished(at: at(2))
        #expect(t.deadline?.at == at(32))
        #expect(t.deadline?.expiry == .idle)  // nothing sent yet: closed without an answer
        t.bytesArrived(at: at(20))
        #expect(t.deadline?.at == at(32))  // the first head counts from the handshake, not from its first byte
        #expect(t.deadline?.expiry == .head)
    }

    @Test func bodyThenAnswerThenKeepAlive() {
        var t = ConnectionTimeline(limits: limits, tls: false, now: at(0))
        t.bytesArrived(at: at(1))
        t.requestHeadArrived(at: at(1))
        #expect(t.deadline?.at == at(61))
        #expect(t.deadline?.expiry == .body)
        #expect(!t.isBetweenRequests)
        t.requestEnded()
        #expect(t.deadline == nil)  // no deadline while the request is answered
        t.answerSent(at: at(500))
        #expect(t.deadline?.at == at(620))
        #expect(t.deadline?.expiry == .idle)
        #expect(t.isIdle)
        #expect(t.betweenRequestsSince == at(500))
        t.bytesArrived(at: at(600))
        #expect(t.deadline?.at == at(630))  // a later head counts from its first byte
        #expect(t.deadline?.expiry == .head)
        #expect(!t.isIdle && t.isBetweenRequests)
    }

    @Test func anEarlyAnswerLeavesTheBodyDeadline() {
        var t = ConnectionTimeline(limits: limits, tls: false, now: at(0))
        t.requestHeadArrived(at: at(0))
        t.answerSent(at: at(1))  // a 413 before the body is in
        #expect(t.deadline?.expiry == .body)
        t.requestEnded()
        #expect(t.deadline?.expiry == .idle)
    }

    @Test func bytesDuringAnAnswerDoNotStartAHeadDeadline() {
        var t = ConnectionTimeline(limits: limits, tls: false, now: at(0))
        t.requestHeadArrived(at: at(0))
        t.requestEnded()
        t.bytesArrived(at: at(1))
        t.answerSent(at: at(2))
        #expect(t.deadline?.at == at(122))
        #expect(t.deadline?.expiry == .idle)
    }
}
