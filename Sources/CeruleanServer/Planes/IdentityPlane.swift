import CeruleanJSON
import Foundation
import Hummingbird
import Authorization
import Identity

/// What Azure credentials need to work offline:
/// - `GET /metadata/endpoints` (cloud metadata; array for api-version 2019-05-01, object from 2022-09-01)
/// - `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`,
///   `GET /common/discovery/instance` (MSAL)
/// - `POST /{tenant}/oauth2/v2.0/token` and `/{tenant}/oauth2/token` (client credentials, secret or assertion)
/// - `GET /msi/token` (App Service `X-IDENTITY-HEADER`, api-version 2019-08-01; Azure ML `secret`, 2017-09-01)
/// - `GET /metadata/identity/oauth2/token` (IMDS, header `Metadata: true`)
/// - `/v1.0/...`: the Microsoft Graph slice (`IdentityDirectory`, `GraphDirectory`)
/// Every client a token is issued for becomes a principal in the directory.
struct IdentityPlane: Plane {
    let name = "identity"
    let issuer: TokenIssuer
    /// The value `IDENTITY_HEADER` / `MSI_SECRET` must carry.
    let identitySecret: String
    /// The tenant's domain names, accepted in place of its id (`GET /tenants` lists them).
    var tenantDomains: [String] = TokenIssuer.tenantDomains
    /// The principal directory and Graph; `nil` keeps tokens unrecorded (tests of the plane alone).
    var directory: IdentityDirectory? = nil
    let now: @Sendable () -> Date

    /// The path with repeated slashes collapsed: `az cloud register` asks for `//metadata/endpoints`
    /// when the resource-manager URL it was given ends in `/`.
    static func route(_ exchange: Exchange) -> String {
        var path = exchange.path
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        return path
    }

    func owns(_ exchange: Exchange) -> Bool {
        let path = Self.route(exchange)
        let parts = path.split(separator: "/")
        if path == "/metadata/endpoints" || path.hasPrefix("/metadata/identity/") || path == "/msi/token" || parts.first == "v1.0" {
            return true
        }
        return parts.count >= 2 && ["oauth2", "v2.0", "discovery", ".well-known"].contains(String(parts[1]))
    }

    func respond(to exchange: Exchange) async -> Response {
        let path = Self.route(exchange)
        let parts = path.split(separator: "/").map(String.init)
        let query = Dictionary(exchange.query, uniquingKeysWith: { a, _ in a })
        let base = exchange.baseURL
        if parts.first == "v1.0" {
            guard let directory else {
                return IdentityDirectory.response(exchange, status: 404, body: GraphError.noRoute(exchange.method, path)
                    .body(requestID: exchange.requestID, clientRequestID: nil, now: now()))
            }
            return await directory.graph(exchange, segments: Array(exchange.segments.dropFirst()), now: now())
        }
        switch (exchange.method, path) {
        case ("GET", "/metadata/endpoints"):
            return JSONResponse.make(status: 200, body: CloudDocuments.metadata(base: base, apiVersion: query["api-version"]))
        case ("GET", "/metadata/identity/oauth2/token"):
            return await answer(.imds) { try await imds(exchange, query) }
        case ("GET", "/msi/token"):
            return await answer(Self.managedIdentityShape(exchange, query)) { try await managedIdentity(exchange, query) }
        default:
            break
        }
        let tenant = parts[0]
        let rest = Array(parts.dropFirst())
        let isToken = exchange.method == "POST" && (rest == ["oauth2", "v2.0", "token"] || rest == ["oauth2", "token"])
        let shape = IdentityError.Shape.entra(v2: !(isToken && rest.count == 2))
        return await answer(shape) {
            try requireKnownTenant(tenant, token: isToken)
            switch (exchange.method, rest) {
            case ("GET", ["v2.0", ".well-known", "openid-configuration"]), ("GET", [".well-known", "openid-configuration"]):
                return JSONResponse.make(status: 200, body: CloudDocuments.openIDConfiguration(base: base, tenant: tenant))
            case ("GET", ["discovery", "instance"]), ("GET", ["discovery", "v2.0", "instance"]):
                return JSONResponse.make(status: 200, body: CloudDocuments.instanceDiscovery(base: base, tenant: tenant == "common" ? issuer.tenantID : tenant))
            case ("GET", ["discovery", "v2.0", "keys"]), ("GET", ["discovery", "keys"]):
                return JSONResponse.make(status: 200, body: try issuer.signer.jwks())
            case ("POST", ["oauth2", "v2.0", "token"]), ("POST", ["oauth2", "token"]):
                return try await tokenEndpoint(exchange, v1: rest.count == 2)
            default:
                throw IdentityError(status: 404, code: "invalid_request", message: "No identity route at '\(exchange.path)'.", aadsts: 900561)
            }
        }
    }

    /// Runs a route, rendering what it refuses in the endpoint's own error shape.
    private func answer(_ shape: IdentityError.Shape, _ route: () async throws -> Response) async -> Response {
        do {
            return try await route()
        } catch let refusal as IdentityError {
            return refusal.response(shape, now: now())
        } catch {
            return IdentityError(status: 500, code: "server_error", message: "\(error)").response(shape, now: now())
        }
    }

    /// `/msi/token` serves App Service (`X-IDENTITY-HEADER`, api-version 2019-08-01) and Azure ML
    /// (`secret`, 2017-09-01); a request with neither header is told off as its api-version's.
    static func managedIdentityShape(_ exchange: Exchange, _ query: [String: String]) -> IdentityError.Shape {
        if exchange.header("x-identity-header") != nil { return .appService }
        if exchange.header("secret") != nil || query["api-version"] == "2017-09-01" { return .azureML }
        return .appService
    }

    /// The tenant id, `common`, `organizations` and the tenant's domain names are known; Entra
    /// refuses any other tenant (`AADSTS90002`).
    private func requireKnownTenant(_ tenant: String, token: Bool) throws {
        let lower = tenant.lowercased()
        guard lower != issuer.tenantID.lowercased(), !["common", "organizations"].contains(lower),
            !tenantDomains.contains(where: { $0.lowercased() == lower })
        else { return }
        throw IdentityError(
            status: 400, code: token ? "invalid_request" : "invalid_tenant",
            message: "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
            aadsts: 90002)
    }

    /// Client credentials: `client_id` plus `client_secret` or `client_assertion`; `scope` (v2) or `resource` (v1).
    private func tokenEndpoint(_ exchange: Exchange, v1: Bool) async throws -> Response {
        let form = Dictionary(Exchange.parseQuery(String(decoding: exchange.body, as: UTF8.self)), uniquingKeysWith: { a, _ in a })
        guard form["grant_type"] == "client_credentials" else {
            throw IdentityError(status: 400, code: "unsupported_grant_type",
                                message: "Cerulean supports the client_credentials grant (secret or assertion).", aadsts: 70003)
        }
        guard let clientID = form["client_id"], !clientID.isEmpty else {
            throw IdentityError(status: 400, code: "invalid_request", message: "The request body must contain the following parameter: 'client_id'.",
                                aadsts: 900144)
        }
        guard form["client_secret"].map({ !$0.isEmpty }) ?? false || form["client_assertion"].map({ !$0.isEmpty }) ?? false else {
            throw IdentityError(status: 401, code: "invalid_client",
                                message: "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
                                aadsts: 7000216)
        }
        let resource = v1 ? form["resource"] : form["scope"].map(TokenIssuer.resource(fromScope:))
        guard let resource, !resource.isEmpty else {
            throw IdentityError(status: 400, code: "invalid_scope", message: "The provided value for scope or resource is not valid.",
                                aadsts: 1002012)
        }
        try await checkSecret(clientID, form["client_secret"])
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: now())
        try await directory?.register(client: clientID, managedIdentity: false, now: now())
        var body: JSONObject = ["token_type": "Bearer", "expires_in": JSON(token.lifetime - 1), "ext_expires_in": JSON(token.lifetime - 1),
                                "access_token": .string(token.value)]
        if v1 {
            body["expires_on"] = .string(String(Int(token.expiresOn.timeIntervalSince1970)))
            body["not_before"] = .string(String(Int(now().timeIntervalSince1970)))
            body["resource"] = .string(resource)
        }
        return JSONResponse.make(status: 200, body: .object(body))
    }

    /// App Service (`X-IDENTITY-HEADER`) and Azure ML (`secret`) managed identity.
    private func managedIdentity(_ exchange: Exchange, _ query: [String: String]) async throws -> Response {
        switch Self.managedIdentityShape(exchange, query) {
        case .azureML:
            let secret = exchange.header("secret") ?? ""
            guard secret == identitySecret else {
                throw IdentityError(status: 401, code: "invalid_request", message: "Invalid secret token header: \(secret).")
            }
        default:
            guard exchange.header("x-identity-header") == identitySecret else {
                throw IdentityError(status: 401, code: "invalid_request",
                                    message: "The X-IDENTITY-HEADER header is missing or does not match the IDENTITY_HEADER of this environment.")
            }
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            throw IdentityError(status: 400, code: "invalid_request", message: "The 'resource' query parameter is required.")
        }
        let clientID = query["client_id"] ?? query["clientid"] ?? "cerulean-managed-identity"
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: now())
        try await directory?.register(client: clientID, managedIdentity: true, now: now())
        return JSONResponse.make(status: 200, body: [
            "access_token": .string(token.value), "expires_on": .string(String(Int(token.expiresOn.timeIntervalSince1970))),
            "resource": .string(resource), "token_type": "Bearer", "client_id": .string(clientID),
        ])
    }

    /// The instance metadata service form.
    private func imds(_ exchange: Exchange, _ query: [String: String]) async throws -> Response {
        guard exchange.header("metadata")?.lowercased() == "true" else {
            throw IdentityError(status: 400, code: "invalid_request", message: "Required metadata header not specified")
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            throw IdentityError(status: 400, code: "invalid_request", message: "Required query variable 'resource' is missing")
        }
        let clientID = query["client_id"] ?? "cerulean-managed-identity"
        let issued = now()
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: issued)
        try await directory?.register(client: clientID, managedIdentity: true, now: issued)
        return JSONResponse.make(status: 200, body: [
            "access_token": .string(token.value), "client_id": .string(clientID), "expires_in": .string(String(token.lifetime)),
            "expires_on": .string(String(Int(token.expiresOn.timeIntervalSince1970))), "ext_expires_in": .string(String(token.lifetime)),
            "not_before": .string(String(Int(issued.timeIntervalSince1970))), "resource": .string(resource), "token_type": "Bearer",
        ])
    }

    /// Strict mode: an application registered through Graph signs in only with one of its secrets
    /// (Entra's `AADSTS7000215` and `AADSTS7000222`).
    private func checkSecret(_ clientID: String, _ secret: String?) async throws {
        switch try await directory?.checkSecret(client: clientID, secret: secret, now: now()) ?? .notRegistered {
        case .valid, .notRegistered:
            return
        case .invalid:
            throw IdentityError(status: 401, code: "invalid_client",
                                message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientID)'.",
                                aadsts: 7000215)
        case .expired:
            throw IdentityError(status: 401, code: "invalid_client",
                                message: "The provided client secret keys for app '\(clientID)' are expired. Visit the Azure portal to create new keys for your app.",
                                aadsts: 7000222)
        }
    }
}
