import Foundation
import Synchronization

/// Picks the deployment of a request from the endpoint's weights, deterministically from the
/// request id: the same id always lands on the same deployment, and ids spread as the weights say.
enum TrafficRouting {
    /// 0...99 from `text` (FNV-1a, stable across runs and platforms).
    static func bucket(_ text: String, salt: String = "") -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (salt + text).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % 100)
    }

    /// The deployment the weights give `requestKey`, or `nil` when no weight is positive.
    static func pick(_ weights: [InferenceOnlineEndpoint.Weight], requestKey: String) -> String? {
        let positive = weights.filter { $0.percent > 0 }
        let total = positive.reduce(0) { $0 + $1.percent }
        guard total > 0 else { return nil }
        let point = bucket(requestKey) * total / 100
        var running = 0
        for weight in positive {
            running += weight.percent
            if point < running { return weight.deployment }
        }
        return positive.last?.deployment
    }

    /// Whether a copy of this request goes to the mirror deployment.
    static func mirrors(_ mirror: InferenceOnlineEndpoint.Weight?, requestKey: String) -> Bool {
        guard let mirror, mirror.percent > 0 else { return false }
        return bucket(requestKey, salt: "mirror:") < mirror.percent
    }
}

/// Requests in flight per key, each admitted only below its limit (one atomic step).
final class ConcurrencyGate: Sendable {
    private let inFlight = Mutex<[String: Int]>([:])

    func enter(_ key: String, limit: Int) -> Bool {
        inFlight.withLock { counts in
            let current = counts[key, default: 0]
            guard current < limit else { return false }
            counts[key] = current + 1
            return true
        }
    }

    func leave(_ key: String) {
        inFlight.withLock { counts in
            let next = counts[key, default: 1] - 1
            counts[key] = next > 0 ? next : nil
        }
    }

    func count(_ key: String) -> Int { inFlight.withLock { $0[key, default: 0] } }
}

/// How many requests each online deployment answered and how many mirrored copies it took
/// (their answers discarded): for the dashboard and tests.
public final class OnlineTrafficCounts: Sendable {
    public struct Counts: Sendable, Equatable {
        public var served = 0
        public var mirrored = 0
    }

    private let counts = Mutex<[String: Counts]>([:])

    public init() {}

    func served(_ deploymentID: String) { counts.withLock { $0[deploymentID.lowercased(), default: Counts()].served += 1 } }
    func mirrored(_ deploymentID: String) { counts.withLock { $0[deploymentID.lowercased(), default: Counts()].mirrored += 1 } }

    public func counts(deploymentID: String) -> Counts { counts.withLock { $0[deploymentID.lowercased()] ?? Counts() } }

    public func reset() { counts.withLock { $0 = [:] } }
}
