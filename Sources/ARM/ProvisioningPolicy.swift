import Foundation

/// How a resource type moves from `Creating`/`Updating`/`Deleting` to its final state.
/// Time-based operations finish when their delay has passed on the engine's clock: every
/// request first settles what is due, in due order, so nobody sees a state time has left
/// behind. Observation-based ones finish at their Nth look (a GET or a poll).
public struct ProvisioningPolicy: Sendable, Equatable, CustomStringConvertible {
    public enum Timing: Sendable, Equatable {
        /// Finished within the request that started it.
        case immediate
        /// Finished once this many seconds have passed on the engine's clock.
        case afterSeconds(Double)
        /// Finished at the Nth observation: a GET of the resource or a poll of its operation.
        case afterObservations(Int)
    }

    public enum Outcome: Sendable, Equatable {
        case succeed
        case fail(code: String, message: String)
    }

    public var timing: Timing
    public var outcome: Outcome

    public init(timing: Timing, outcome: Outcome = .succeed) {
        self.timing = timing
        self.outcome = outcome
    }

    public static let immediate = ProvisioningPolicy(timing: .immediate)

    /// The default: the PUT answer shows `Creating`, and the operation finishes one second later
    /// whether or not anyone looks, so an SDK's first poll (one second later per `Retry-After`)
    /// finds the resource finished.
    public static let standard = ProvisioningPolicy(timing: .afterSeconds(1))

    /// Parses `immediate`, `after:3s`, `after:2polls` (or `reads`), optionally followed by
    /// `,fail:Code:message`, e.g. `after:1polls,fail:QuotaExceeded:No capacity`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let timingText = parts.first else { return nil }
        let timing: Timing
        let lower = timingText.lowercased()
        if lower == "immediate" {
            timing = .immediate
        } else if lower.hasPrefix("after:") {
            let amount = lower.dropFirst("after:".count)
            if amount.hasSuffix("s"), let seconds = Double(amount.dropLast()), seconds >= 0 {
                timing = .afterSeconds(seconds)
            } else if let suffix = ["polls", "reads", "observations"].first(where: { amount.hasSuffix($0) }),
                let n = Int(amount.dropLast(suffix.count)), n >= 1
            {
                timing = .afterObservations(n)
            } else {
                return nil
            }
        } else {
            return nil
        }
        var outcome = Outcome.succeed
        if parts.count == 2 {
            let failure = parts[1].split(separator: ":", maxSplits: 2).map(String.init)
            guard failure.count >= 2, failure[0].lowercased() == "fail", !failure[1].isEmpty else { return nil }
            outcome = .fail(
                code: failure[1],
                message: failure.count == 3 ? failure[2] : "The operation failed (policy-forced failure).")
        }
        self.init(timing: timing, outcome: outcome)
    }

    public var description: String {
        var s: String
        switch timing {
        case .immediate: s = "immediate"
        case .afterSeconds(let n): s = "after:\(JSONNumberText(n))s"
        case .afterObservations(let n): s = "after:\(n)polls"
        }
        if case .fail(let code, let message) = outcome { s += ",fail:\(code):\(message)" }
        return s
    }
}

private func JSONNumberText(_ n: Double) -> String {
    n.rounded() == n ? String(Int(n)) : String(n)
}
