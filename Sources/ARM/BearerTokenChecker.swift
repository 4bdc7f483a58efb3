import Foundation

/// Checks ARM bearer tokens in `--auth strict` mode. Without one (lenient mode) any bearer value
/// is accepted and its claims read when it is a JWT.
public protocol BearerTokenChecker: Sendable {
    /// The caller `token` stands for, or an `ARMError` (401) saying why it is refused.
    func caller(for token: String, baseURL: String, now: Date) throws -> Caller
}
