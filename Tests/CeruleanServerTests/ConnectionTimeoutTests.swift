import CeruleanTestSupport
import Foundation
import Testing

/// Connection timeouts, the connection budget at the descriptor limit, and graceful stop, against
/// the real binary. Timeouts are set to about a second; every wait is bounded, with room for a
/// loaded machine (the lower bounds show a timeout did not fire early, the upper ones that it fired).
@Suite(.serialized) struct ConnectionTimeoutTests {
    static let shortTimeouts = ["--handshake-timeout", "1", "--request-head-timeout", "1", "--request-body-timeout", "1",
                                "--keep-alive-timeout", "1"]
    static let groups = "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups"

    final class Running: Sendable {
        let child: ChildServer
        let dir: URL
        var ca: String { dir.appendingPathComponent("ca.pem").path }
        var url: String { child.url }

        init(_ arguments: [String], descriptorLimit: Int? = nil) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("conn-\(UUID().uuidString)")
            child = try ChildServer(dataDirectory: dir, arguments: arguments, descriptorLimit: descriptorLimit)
        }

        func client() throws -> TestHTTPClient { try TestHTTPClient(baseURL: url, caFile: ca) }

        /// `first`: bytes written as soon as the connection is ready (the timeouts here are a second).
        func connect(tls: Bool = true, first: String? = nil) async throws -> RawConnection {
            try await RawConnection.open(url, caFile: ca, tls: tls, first: first)
        }

        /// Sends SIGTERM and waits (at most `limit`) for the process to end; returns how long it took.
        func terminate(limit: Duration = .seconds(15)) async -> Duration? {
            let started = ContinuousClock.now
            kill(child.process.processIdentifier, SIGTERM)
            while ContinuousClock.now - started < limit {
                if !child.process.isRunning { return ContinuousClock.now - started }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }

        /// A resource group `slow` whose GETs a latency fault holds for `milliseconds`.
        func makeSlowGroup(milliseconds: Int) async throws {
            let client = try client()
            #expect(try await client.send("PUT", "\(ConnectionTimeoutTests.groups)/slow?api-version=2022-09-01",
                                          headers: ["Authorization": "Bearer t", "Content-Type": "application/json"],
                                          body: Data(#"{"location":"eastus"}"#.utf8)).status == 201)
            let plan = #"{"rules": [{"plane": "arm", "operation": "GET", "namePattern": "slow", "effect": {"kind": "latency", "ms": \#(milliseconds)}}]}"#
            _ = try await client.send("POST", "/_cerulean/faults", headers: ["Content-Type": "application/json"], body: Data(plan.utf8))
        }

        deinit {
            if child.process.isRunning { child.kill(signal: SIGKILL) }
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static let healthRequest = "GET /_cerulean/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    static let slowRequest = "GET \(groups)/slow?api-version=2022-09-01 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\r\n"

    /// Opens a connection that sends nothing and expects it closed after about a second, unanswered.
    func expectClosedWithoutAnAnswer(tls: Bool) async throws {
        let server = try Running(Self.shortTimeouts)
        let raw = try await server.connect(tls: tls)
        let (received, after) = await raw.waitForClose(timeout: .seconds(10))
        let closedAfter = try #require(after, "the connection was still open after 10 s")
        #expect(closedAfter >= .milliseconds(800))
        #expect(received.isEmpty)
    }

    @Test func aConnectionThatNeverStartsTheTLSHandshakeIsClosed() async throws {
        try await expectClosedWithoutAnAnswer(tls: false)
    }

    @Test func aNewConnectionThatSendsNothingIsClosedWithoutAnAnswer() async throws {
        try await expectClosedWithoutAnAnswer(tls: true)
    }

    @Test func aHeadThatStopsHalfwayGets408AndTheConnectionCloses() async throws {
        let server = try Running(Self.shortTimeouts)
        let raw = try await server.connect(first: "GET /_cerulean/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        let response = try #require(await raw.waitForResponse(timeout: .seconds(10)), "no answer within 10 s")
        #expect(response.status == 408)
        #expect(response.errorCode == "RequestTimeout")
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(await raw.waitForClose(timeout: .seconds(10)).after != nil)
    }

    @Test func aBodyThatStopsHalfwayGets408AndNothingIsStored() async throws {
        let server = try Running(Self.shortTimeouts)
        let body = #"{"location":"eastus"}"#  // valid JSON: a cut body must still not be taken as whole
        let raw = try await server.connect(first: "PUT \(Self.groups)/cut?api-version=2022-09-01 HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" + body)
        let response = try #require(await raw.waitForResponse(timeout: .seconds(10)), "no answer within 10 s")
        #expect(response.status == 408)
        #expect(response.errorCode == "RequestTimeout")
        #expect(await raw.waitForClose(timeout: .seconds(10)).after != nil)
        let read = try await server.client().send("GET", "\(Self.groups)/cut?api-version=2022-09-01", headers: ["Authorization": "Bearer t"])
        #expect(read.status == 404)
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() async throws {
        let server = try Running(Self.shortTimeouts)
        let answered = ContinuousClock.now
        let raw = try await server.connect(first: Self.healthRequest)
        let response = try #require(await raw.waitForResponse(timeout: .seconds(10)))
        #expect(response.status == 200)
        #expect(response.header("Connection") == nil)  // kept alive
        let (_, after) = await raw.waitForClose(timeout: .seconds(10))
        #expect(after != nil, "the idle connection was still open after 10 s")
        #expect(ContinuousClock.now - answered >= .milliseconds(800))
    }

    @Test func aConnectionInUseIsNotCutByTheKeepAliveTimeout() async throws {
        let server = try Running(["--keep-alive-timeout", "3"])
        let raw = try await server.connect(first: Self.healthRequest)
        for round in 0..<5 {  // 5 s in all, each gap a third of the keep-alive timeout
            let response = try #require(await raw.waitForResponse(timeout: .seconds(10)))
            #expect(response.status == 200)
            try await Task.sleep(for: .seconds(1))
            guard round < 4 else { break }
            raw.clearReceived()
            try await raw.send(Self.healthRequest)
        }
        #expect(raw.isOpen)
    }

    /// `ulimit -n 160` leaves a budget of 64 connections: 200 that send nothing must not lock a
    /// client out, and the process must not spin while they are held.
    @Test func atTheDescriptorLimitOtherClientsAreStillAnsweredAndNoCoreSpins() async throws {
        let server = try Running([], descriptorLimit: 160)
        var idle: [RawConnection] = []
        for _ in 0..<200 { idle.append(try await server.connect(tls: false)) }
        defer { idle.forEach { $0.close() } }
        try await Task.sleep(for: .milliseconds(500))
        let cpuBefore = server.child.cpuSeconds()
        let raw = try await server.connect()
        try await raw.send(Self.healthRequest)
        let response = try #require(await raw.waitForResponse(timeout: .seconds(10)), "no answer at the descriptor limit")
        #expect(response.status == 200)
        try await Task.sleep(for: .seconds(2))
        if let cpuBefore, let cpuAfter = server.child.cpuSeconds() {
            #expect(cpuAfter - cpuBefore < 0.8, "\(cpuAfter - cpuBefore) s of CPU in about 2 s with idle connections held")
        }
        #if os(Linux)
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.child.process.processIdentifier)/fd").count
        #expect(open < 160)
        #endif
    }

    /// With the budget used up by requests in progress, a connection that falls idle after its
    /// answer makes room for a client waiting in the backlog, not the keep-alive timeout later.
    @Test func atTheBudgetAConnectionFallingIdleLetsAWaitingClientIn() async throws {
        let server = try Running(["--max-connections", "2", "--provisioning", "immediate"])
        try await server.makeSlowGroup(milliseconds: 1000)
        let slowRequest = Self.slowRequest
        var busy: [RawConnection] = []
        for _ in 0..<2 {
            let raw = try await server.connect()
            try await raw.send(slowRequest)
            busy.append(raw)
            try await Task.sleep(for: .milliseconds(200))
        }
        let started = ContinuousClock.now
        let waiting = try await server.connect()  // in the backlog until a slot frees
        try await waiting.send(Self.healthRequest)
        let response = try #require(await waiting.waitForResponse(timeout: .seconds(10)))
        #expect(response.status == 200)
        #expect(ContinuousClock.now - started < .seconds(8), "the waiting client got in after \(ContinuousClock.now - started)")
        for raw in busy { #expect(await raw.waitForResponse(timeout: .seconds(10))?.status == 200) }
    }

    @Test func stopClosesIdleKeptAliveConnectionsAtOnce() async throws {
        let server = try Running([])
        let raw = try await server.connect()
        try await raw.send(Self.healthRequest)
        #expect(try #require(await raw.waitForResponse(timeout: .seconds(10))).status == 200)
        let took = try #require(await server.terminate(), "still running 15 s after SIGTERM")
        #expect(took < .seconds(2), "exit took \(took) with an idle kept-alive connection")
        #expect(await raw.waitForClose(timeout: .seconds(2)).after != nil)
    }

    @Test func stopAnswersARequestInFlightWithConnectionClose() async throws {
        let server = try Running(["--provisioning", "immediate"])
        try await server.makeSlowGroup(milliseconds: 1500)
        let raw = try await server.connect()
        try await raw.send(Self.slowRequest)
        try await Task.sleep(for: .milliseconds(400))
        async let exit = server.terminate()
        let response = try #require(await raw.waitForResponse(timeout: .seconds(10)), "the request in flight got no answer")
        #expect(response.status == 200)
        #expect(response.header("Connection")?.lowercased() == "close")
        let took = try #require(await exit, "still running 15 s after SIGTERM")
        #expect(took < .seconds(5))
    }

    @Test func stopEndsWithinTheShutdownTimeoutWhateverIsInFlight() async throws {
        let server = try Running(["--provisioning", "immediate", "--shutdown-timeout", "0.5"])
        let client = try server.client()
        _ = try await client.send("POST", "/_cerulean/faults", headers: ["Content-Type": "application/json"], body: Data("""
            {"rules": [{"plane": "arm", "operation": "GET", "effect": {"kind": "latency", "ms": 30000}}]}
            """.utf8))
        let raw = try await server.connect()
        try await raw.send("GET \(Self.groups)?api-version=2022-09-01 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\r\n")
        try await Task.sleep(for: .milliseconds(300))
        let took = try #require(await server.terminate(), "still running 15 s after SIGTERM")
        #expect(took < .seconds(6), "exit took \(took) with a 30 s request in flight and a 0.5 s shutdown timeout")
        #expect(await raw.waitForClose(timeout: .seconds(2)).after != nil)
    }
}
