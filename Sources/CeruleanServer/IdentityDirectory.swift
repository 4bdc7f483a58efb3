import ARM
import Authorization
import CeruleanJSON
import Foundation
import Hummingbird
import HTTPTypes
import Identity
import NIOCore
import Store

/// The identity plane's side of the directory: every client it issues a token for becomes a
/// principal (a service principal named by its client id, or a managed identity), client secrets
/// of applications registered through Graph are checked in strict mode, and the Graph v1.0
/// slice (`/v1.0/...`) is answered from the store.
struct IdentityDirectory: Sendable {
    let store: Store
    let tenantID: String
    let identityTypes: [String]
    /// `--auth strict`: Graph tokens are checked, and registered applications need one of their secrets.
    let strict: Bool
    let validator: TokenValidator

    /// Puts `clientID`'s service principal in the directory unless it is there already.
    func register(client clientID: String, managedIdentity: Bool, now: Date) async throws {
        let objectID = TokenIssuer.objectID(forClient: clientID)
        let known = try await store.read { tx in
            try PrincipalDirectory(session: ResourceSession(transaction: tx, now: now)).find(objectID) != nil
        }
        if known { return }
        let identityTypes = identityTypes
        try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: now)
            let directory = PrincipalDirectory(session: session, identityTypes: identityTypes)
            guard try directory.find(objectID) == nil else { return }
            let app = try GraphApplications(session: session).find(appID: clientID)
            try directory.save(.init(objectID: objectID, kind: .servicePrincipal, displayName: app?.displayName ?? clientID, appID: clientID,
                                     servicePrincipalType: managedIdentity ? "ManagedIdentity" : "Application"))
        }
    }

    /// In strict mode a client registered through Graph must sign in with one of its secrets.
    func checkSecret(client clientID: String, secret: String?, now: Date) async throws -> GraphApplications.SecretCheck {
        guard strict, let secret else { return .notRegistered }
        return try await store.read { tx in
            try GraphApplications(session: ResourceSession(transaction: tx, now: now)).check(appID: clientID, secret: secret, now: now)
        }
    }

    /// `/v1.0/...`: a bearer token always (Graph's 401 without one), Graph's audience in strict mode.
    func graph(_ exchange: Exchange, segments: [String], now: Date) async -> Response {
        do {
            try authenticate(exchange, now: now)
            let request = GraphDirectory.Request(
                method: exchange.method, segments: segments, query: Dictionary(exchange.query, uniquingKeysWith: { a, _ in a }),
                body: exchange.body, baseURL: exchange.baseURL)
            let tenantID = tenantID
            let identityTypes = identityTypes
            let run: @Sendable (StoreTransaction) throws -> GraphDirectory.Answer = { tx in
                try GraphDirectory(session: ResourceSession(transaction: tx, now: now), tenantID: tenantID, identityTypes: identityTypes,
                                   objectID: TokenIssuer.objectID(forClient:)).handle(request)
            }
            let answer = GraphDirectory.writes(exchange.method) ? try await store.write(run) : try await store.read(run)
            return Self.response(exchange, status: answer.status, body: answer.body)
        } catch let refusal as GraphError {
            return Self.response(exchange, status: refusal.status,
                                 body: refusal.body(requestID: exchange.requestID, clientRequestID: exchange.header("client-request-id"), now: now))
        } catch {
            let failure = GraphError(status: 500, code: "generalException", message: "The request failed unexpectedly: \(error)")
            return Self.response(exchange, status: 500, body: failure.body(requestID: exchange.requestID, clientRequestID: nil, now: now))
        }
    }

    /// The audiences of Graph tokens: Cerulean's own URL (what `microsoftGraphResourceId` names) and Graph's.
    static func graphAudiences(base: String) -> [String] {
        [base + "/", "https://graph.microsoft.com/", "00000003-0000-0000-c000-000000000000"]
    }

    private func authenticate(_ exchange: Exchange, now: Date) throws {
        guard let header = exchange.header("authorization"), let token = Caller.bearerToken(header) else { throw GraphError.tokenMissing }
        guard strict else { return }
        do {
            _ = try validator.validate(token, audiences: Self.graphAudiences(base: exchange.baseURL), now: now)
        } catch TokenValidator.Failure.wrongAudience {
            throw GraphError.tokenInvalid("Invalid audience.")
        } catch TokenValidator.Failure.expired {
            throw GraphError.tokenInvalid("Lifetime validation failed, the token is expired.")
        } catch {
            throw GraphError.tokenInvalid("Invalid signature.")
        }
    }

    /// Graph's content type, `request-id` and `client-request-id` headers.
    static func response(_ exchange: Exchange, status: Int, body: JSON?) -> Response {
        var fields = HTTPFields()
        fields[HTTPField.Name("request-id")!] = exchange.requestID
        fields[HTTPField.Name("client-request-id")!] = exchange.header("client-request-id") ?? exchange.requestID
        guard let body else { return Response(status: HTTPResponse.Status(code: status), headers: fields) }
        fields[.contentType] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
        return Response(status: HTTPResponse.Status(code: status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.serialized())))
    }
}
