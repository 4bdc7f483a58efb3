import CeruleanJSON
import Foundation
import Hummingbird
import Identity

/// What Azure credentials need to work offline:
/// - `GET /metadata/endpoints` (cloud metadata; array for api-version 2019-05-01, object from 2022-09-01)
/// - `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`,
///   `GET /common/discovery/instance` (MSAL)
/// - `POST /{tenant}/oauth2/v2.0/token` and `/{tenant}/oauth2/token` (client credentials, secret or assertion)
/// - `GET /msi/token` (App Service `X-IDENTITY-HEADER`, api-version 2019-08-01; Azure ML `secret`, 2017-09-01)
/// - `GET /metadata/identity/oauth2/token` (IMDS, header `Metadata: true`)
struct IdentityPlane: Plane {
    let name = "identity"
    let issuer: TokenIssuer
    /// The value `IDENTITY_HEADER` / `MSI_SECRET` must carry.
    let identitySecret: String
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
        if path == "/metadata/endpoints" || path.hasPrefix("/metadata/identity/") || path == "/msi/token" {
            return true
        }
        return parts.count >= 2 && ["oauth2", "v2.0", "discovery", ".well-known"].contains(String(parts[1]))
    }

    func respond(to exchange: Exchange) async -> Response {
        let path = Self.route(exchange)
        let parts = path.split(separator: "/").map(String.init)
        let query = Dictionary(exchange.query, uniquingKeysWith: { a, _ in a })
        let base = exchange.baseURL
        do {
            switch (exchange.method, path) {
            case ("GET", "/metadata/endpoints"):
                return JSONResponse.make(status: 200, body: CloudDocuments.metadata(base: base, apiVersion: query["api-version"]))
            case ("GET", "/metadata/identity/oauth2/token"):
                return try imds(exchange, query)
            case ("GET", "/msi/token"):
                return try managedIdentity(exchange, query)
            default:
                break
            }
            let tenant = parts[0]
            let rest = Array(parts.dropFirst())
            switch (exchange.method, rest) {
            case ("GET", ["v2.0", ".well-known", "openid-configuration"]), ("GET", [".well-known", "openid-configuration"]):
                return JSONResponse.make(status: 200, body: CloudDocuments.openIDConfiguration(base: base, tenant: tenant))
            case ("GET", ["discovery", "instance"]), ("GET", ["discovery", "v2.0", "instance"]):
                return JSONResponse.make(status: 200, body: CloudDocuments.instanceDiscovery(base: base, tenant: tenant == "common" ? issuer.tenantID : tenant))
            case ("GET", ["discovery", "v2.0", "keys"]), ("GET", ["discovery", "keys"]):
                return JSONResponse.make(status: 200, body: try issuer.signer.jwks())
            case ("POST", ["oauth2", "v2.0", "token"]), ("POST", ["oauth2", "token"]):
                return try tokenEndpoint(exchange, v1: rest.count == 2)
            default:
                return oauthError(404, "invalid_request", "No identity route at '\(exchange.path)'.")
            }
        } catch let failure as OAuthFailure {
            return oauthError(failure.status, failure.code, failure.description)
        } catch {
            return oauthError(500, "server_error", "\(error)")
        }
    }

    struct OAuthFailure: Error {
        let status: Int
        let code: String
        let description: String
    }

    func oauthError(_ status: Int, _ code: String, _ description: String) -> Response {
        JSONResponse.make(status: status, body: [
            "error": .string(code), "error_description": .string(description), "error_codes": [], "timestamp": .string(ISO8601DateFormatter().string(from: now())),
        ])
    }

    /// Client credentials: `client_id` plus `client_secret` or `client_assertion`; `scope` (v2) or `resource` (v1).
    private func tokenEndpoint(_ exchange: Exchange, v1: Bool) throws -> Response {
        let form = Dictionary(Exchange.parseQuery(String(decoding: exchange.body, as: UTF8.self)), uniquingKeysWith: { a, _ in a })
        guard form["grant_type"] == "client_credentials" else {
            throw OAuthFailure(status: 400, code: "unsupported_grant_type",
                               description: "AADSTS70003: Cerulean supports the client_credentials grant (secret or assertion).")
        }
        guard let clientID = form["client_id"], !clientID.isEmpty else {
            throw OAuthFailure(status: 400, code: "invalid_request", description: "AADSTS900144: The request body must contain the following parameter: 'client_id'.")
        }
        guard form["client_secret"].map({ !$0.isEmpty }) ?? false || form["client_assertion"].map({ !$0.isEmpty }) ?? false else {
            throw OAuthFailure(status: 401, code: "invalid_client", description: "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
        }
        let resource = v1 ? form["resource"] : form["scope"].map(TokenIssuer.resource(fromScope:))
        guard let resource, !resource.isEmpty else {
            throw OAuthFailure(status: 400, code: "invalid_scope", description: "AADSTS1002012: The provided value for scope or resource is not valid.")
        }
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: now())
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
    private func managedIdentity(_ exchange: Exchange, _ query: [String: String]) throws -> Response {
        guard let secret = exchange.header("x-identity-header") ?? exchange.header("secret"), secret == identitySecret else {
            throw OAuthFailure(status: 401, code: "invalid_request", description: "The X-IDENTITY-HEADER (or secret) header is missing or does not match IDENTITY_HEADER.")
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            throw OAuthFailure(status: 400, code: "invalid_request", description: "Required query parameter 'resource' is missing.")
        }
        let clientID = query["client_id"] ?? query["clientid"] ?? "cerulean-managed-identity"
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: now())
        return JSONResponse.make(status: 200, body: [
            "access_token": .string(token.value), "expires_on": .string(String(Int(token.expiresOn.timeIntervalSince1970))),
            "resource": .string(resource), "token_type": "Bearer", "client_id": .string(clientID),
        ])
    }

    /// The instance metadata service form.
    private func imds(_ exchange: Exchange, _ query: [String: String]) throws -> Response {
        guard exchange.header("metadata")?.lowercased() == "true" else {
            throw OAuthFailure(status: 400, code: "invalid_request", description: "Required metadata header not specified")
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            throw OAuthFailure(status: 400, code: "invalid_request", description: "Required query variable 'resource' is missing")
        }
        let clientID = query["client_id"] ?? "cerulean-managed-identity"
        let issued = now()
        let token = try issuer.issue(resource: resource, clientID: clientID, issuerBase: exchange.baseURL, now: issued)
        return JSONResponse.make(status: 200, body: [
            "access_token": .string(token.value), "client_id": .string(clientID), "expires_in": .string(String(token.lifetime)),
            "expires_on": .string(String(Int(token.expiresOn.timeIntervalSince1970))), "ext_expires_in": .string(String(token.lifetime)),
            "not_before": .string(String(Int(issued.timeIntervalSince1970))), "resource": .string(resource), "token_type": "Bearer",
        ])
    }
}
