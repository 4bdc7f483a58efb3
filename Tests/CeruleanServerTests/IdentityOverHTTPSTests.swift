import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

@Suite struct IdentityOverHTTPSTests {
    static let form = ["Content-Type": "application/x-www-form-urlencoded"]
    static let tenant = "00000000-aaaa-bbbb-cccc-dddddddddddd"
    static let grant = Data("grant_type=client_credentials&client_id=a&client_secret=b&scope=https://management.azure.com/.default".utf8)

    func token(_ server: TestServer, scope: String, client: String = "app-1") async throws -> String {
        let body = "grant_type=client_credentials&client_id=\(client)&client_secret=s3cret&scope=\(scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope)"
        let r = try await server.client.send("POST", "/00000000-aaaa-bbbb-cccc-dddddddddddd/oauth2/v2.0/token", headers: Self.form, body: Data(body.utf8))
        #expect(r.status == 200)
        #expect(r.json["token_type"] == "Bearer")
        #expect(r.json["expires_in"]?.intValue == 3599)
        return try #require(r.json["access_token"]?.stringValue)
    }

    @Test func discoveryDocumentsPointAtCerulean() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let clouds = try await server.client.send("GET", "/metadata/endpoints?api-version=2019-05-01")
        #expect(clouds.json[0]?["resourceManager"]?.stringValue == server.url + "/")
        #expect(clouds.json[0]?["authentication"]?["audiences"]?[0]?.stringValue == server.url + "/")
        let cloud = try await server.client.send("GET", "/metadata/endpoints?api-version=2022-09-01")
        #expect(cloud.json["resourceManager"]?.stringValue == server.url + "/")
        // What `az cloud register --endpoint-resource-manager {url}/` asks for.
        let doubled = try await server.client.send("GET", "//metadata/endpoints?api-version=2022-09-01")
        #expect(doubled.json["resourceManager"]?.stringValue == server.url + "/")
        let openid = try await server.client.send("GET", "/00000000-aaaa-bbbb-cccc-dddddddddddd/v2.0/.well-known/openid-configuration")
        #expect(openid.json["token_endpoint"]?.stringValue == server.url + "/00000000-aaaa-bbbb-cccc-dddddddddddd/oauth2/v2.0/token")
        let keys = try await server.client.send("GET", "/00000000-aaaa-bbbb-cccc-dddddddddddd/discovery/v2.0/keys")
        #expect(keys.json["keys"]?[0]?["kty"] == "RSA")
        let instance = try await server.client.send("GET", "/common/discovery/instance?api-version=1.1")
        #expect(instance.json["tenant_discovery_endpoint"]?.stringValue?.hasPrefix(server.url) == true)
    }

    @Test func tokenEndpointsAndTheirErrors() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        _ = try await token(server, scope: "https://management.azure.com/.default")
        let v1 = try await server.client.send("POST", "/\(Self.tenant)/oauth2/token", headers: Self.form,
                                              body: Data("grant_type=client_credentials&client_id=a&client_secret=b&resource=https://x/".utf8))
        #expect(v1.json["resource"] == "https://x/")
        #expect(v1.json["expires_on"]?.stringValue != nil)
        let noClient = try await server.client.send("POST", "/\(Self.tenant)/oauth2/v2.0/token", headers: Self.form,
                                                    body: Data("grant_type=client_credentials&client_secret=b&scope=x".utf8))
        #expect(noClient.status == 400)
        #expect(noClient.json["error"] == "invalid_request")
        let grant = try await server.client.send("POST", "/\(Self.tenant)/oauth2/v2.0/token", headers: Self.form, body: Data("grant_type=password".utf8))
        #expect(grant.json["error"] == "unsupported_grant_type")
        let msi = try await server.client.send("GET", "/msi/token?api-version=2019-08-01&resource=https://management.azure.com",
                                               headers: ["X-IDENTITY-HEADER": "cerulean-identity-header"])
        #expect(msi.json["resource"] == "https://management.azure.com")
        #expect(msi.json["token_type"] == "Bearer")
        let wrongSecret = try await server.client.send("GET", "/msi/token?api-version=2019-08-01&resource=x", headers: ["X-IDENTITY-HEADER": "guess"])
        #expect(wrongSecret.status == 401)
        let imds = try await server.client.send("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://r/",
                                                headers: ["Metadata": "true"])
        #expect(imds.json["resource"] == "https://r/")
        let noMetadataHeader = try await server.client.send("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x")
        #expect(noMetadataHeader.status == 400)
        #expect(noMetadataHeader.json["error_description"] == "Required metadata header not specified")
    }

    /// Each identity endpoint refuses in its own shape, as the clients that call it read them.
    @Test func errorShapesOfEachEndpoint() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        // Entra v2: AADSTS code first, in error_codes, with trace and correlation ids and error_uri.
        let v2 = try await server.client.send("POST", "/\(Self.tenant)/oauth2/v2.0/token", headers: Self.form,
                                              body: Data("grant_type=client_credentials&client_secret=b&scope=x".utf8))
        #expect(v2.status == 400 && v2.json["error"] == "invalid_request" && v2.json["error_codes"] == [900144])
        let description = try #require(v2.json["error_description"]?.stringValue)
        #expect(description.hasPrefix("AADSTS900144: The request body must contain the following parameter: 'client_id'.\r\nTrace ID: "))
        #expect(description.contains("\r\nCorrelation ID: ") && description.contains("\r\nTimestamp: "))
        #expect(v2.json["trace_id"]?.stringValue?.count == 36 && v2.json["correlation_id"]?.stringValue?.count == 36)
        #expect(v2.json["timestamp"]?.stringValue?.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
        #expect(v2.json["error_uri"] == "https://login.microsoftonline.com/error?code=900144")
        // Entra v1: the same without error_uri.
        let v1 = try await server.client.send("POST", "/\(Self.tenant)/oauth2/token", headers: Self.form,
                                              body: Data("grant_type=client_credentials&client_id=a&client_secret=b".utf8))
        #expect(v1.status == 400 && v1.json["error"] == "invalid_scope" && v1.json["error_codes"] == [1002012] && v1.json["error_uri"] == nil)
        // App Service: {statusCode, message}, which MSAL reads.
        let appService = try await server.client.send("GET", "/msi/token?api-version=2019-08-01&resource=x", headers: ["X-IDENTITY-HEADER": "guess"])
        #expect(appService.status == 401)
        #expect(appService.json == ["statusCode": 401, "message": "The X-IDENTITY-HEADER header is missing or does not match the IDENTITY_HEADER of this environment."])
        let noResource = try await server.client.send("GET", "/msi/token?api-version=2019-08-01", headers: ["X-IDENTITY-HEADER": "cerulean-identity-header"])
        #expect(noResource.json == ["statusCode": 400, "message": "The 'resource' query parameter is required."])
        // Azure ML: a line of plain text.
        let azureML = try await server.client.send("GET", "/msi/token?api-version=2017-09-01&resource=x", headers: ["secret": "guess"])
        #expect(azureML.status == 401)
        #expect(azureML.header("content-type") == "text/plain; charset=utf-8")
        #expect(String(decoding: azureML.body, as: UTF8.self) == "Invalid secret token header: guess.")
        // IMDS: {error, error_description} and nothing else.
        let imds = try await server.client.send("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x")
        #expect(imds.json == ["error": "invalid_request", "error_description": "Required metadata header not specified"])
    }

    /// The tenant id, `common`, `organizations` and the tenant's domains are known; others are
    /// refused as Entra does (AADSTS90002), at the token endpoints and in discovery.
    @Test func unknownTenantsAreRefused() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let domains = try await server.arm("GET", "/tenants").json["value"]?[0]?["domains"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!domains.isEmpty)
        for tenant in [Self.tenant, Self.tenant.uppercased(), "common", "organizations"] + domains {
            let token = try await server.client.send("POST", "/\(tenant)/oauth2/v2.0/token", headers: Self.form, body: Self.grant)
            #expect(token.status == 200, "tenant \(tenant)")
            #expect(try await server.client.send("GET", "/\(tenant)/v2.0/.well-known/openid-configuration").status == 200)
        }
        let unknown = try await server.client.send("POST", "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token", headers: Self.form, body: Self.grant)
        #expect(unknown.status == 400 && unknown.json["error"] == "invalid_request" && unknown.json["error_codes"] == [90002])
        #expect(unknown.json["error_description"]?.stringValue?.hasPrefix("AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.") == true)
        let v1 = try await server.client.send("POST", "/contoso.onmicrosoft.com/oauth2/token", headers: Self.form,
                                              body: Data("grant_type=client_credentials&client_id=a&client_secret=b&resource=https://x/".utf8))
        #expect(v1.status == 400 && v1.json["error_codes"] == [90002])
        let discovery = try await server.client.send("GET", "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration")
        #expect(discovery.status == 400 && discovery.json["error"] == "invalid_tenant" && discovery.json["error_codes"] == [90002])
        #expect(try await server.client.send("GET", "/nobody/discovery/v2.0/keys").status == 400)
    }

    @Test func strictModeChecksSignatureExpiryAndAudience() async throws {
        let clock = ManualClock(Date())
        let server = try await TestServer.start(clock: clock) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let path = "/subscriptions/\(TestServer.subscription)"
        let any = try await server.arm("GET", path)
        #expect(any.status == 401)
        #expect(any.errorCode == "InvalidAuthenticationToken")
        #expect(any.json["error"]?["message"] == "The access token is invalid.")
        let missing = try await server.client.send("GET", path + "?api-version=1")
        #expect(missing.errorCode == "AuthenticationFailed")
        // Only Cerulean's own clients start with rights (Owner of the subscription).
        let good = try await token(server, scope: server.url + "/.default", client: "cerulean-cli")
        let ok = try await server.arm("PUT", path + "/resourcegroups/strict", body: #"{"location":"eastus"}"#, headers: ["Authorization": "Bearer \(good)"])
        #expect(ok.status == 201)
        #expect(ok.json["systemData"]?["createdBy"] == "cerulean-cli")
        #expect(ok.json["systemData"]?["createdByType"] == "Application")
        let stranger = try await token(server, scope: server.url + "/.default")
        let refusedWrite = try await server.arm("PUT", path + "/resourcegroups/strict", body: #"{"location":"eastus"}"#,
                                                headers: ["Authorization": "Bearer \(stranger)"])
        let app1 = TokenIssuer.objectID(forClient: "app-1")
        #expect(refusedWrite.status == 403)
        #expect(refusedWrite.errorCode == "AuthorizationFailed")
        #expect(refusedWrite.json["error"]?["message"]?.stringValue == "The client '\(app1)' with object id '\(app1)' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '\(path)/resourcegroups/strict' or the scope is invalid. If access was recently granted, please refresh your credentials.")
        let azureAudience = try await token(server, scope: "https://management.azure.com/.default", client: "cerulean-cli")
        #expect(try await server.arm("GET", path, headers: ["Authorization": "Bearer \(azureAudience)"]).status == 200)
        let wrong = try await token(server, scope: "https://storage.azure.com/.default")
        let refused = try await server.arm("GET", path, headers: ["Authorization": "Bearer \(wrong)"])
        #expect(refused.status == 401)
        #expect(refused.errorCode == "InvalidAuthenticationTokenAudience")
        #expect(refused.json["error"]?["message"]?.stringValue?.contains("'https://storage.azure.com/'") == true)
        clock.advance(by: 3601)
        let expired = try await server.arm("GET", path, headers: ["Authorization": "Bearer \(good)"])
        #expect(expired.status == 401)
        #expect(expired.errorCode == "ExpiredAuthenticationToken")
    }

    /// `--auth strict` refuses a token that is not valid yet and one whose `kid` the JWKS does not
    /// list (even when the signature checks out), as ARM does; an `aud` array is read as JWT has it.
    @Test func strictModeChecksNotBeforeKeyIDAndAudienceArrays() async throws {
        let clock = ManualClock(Date())
        let server = try await TestServer.start(clock: clock) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let path = "/subscriptions/\(TestServer.subscription)"
        let signer = server.server.tokens.signer
        let now = Int(clock.now().timeIntervalSince1970)
        func claims(_ extra: JSONObject) -> JSONObject {
            var c: JSONObject = ["aud": "https://management.azure.com/", "iss": "x",
                                 "oid": .string(TokenIssuer.objectID(forClient: "cerulean-cli")), "appid": "cerulean-cli",
                                 "iat": JSON(now), "nbf": JSON(now), "exp": JSON(now + 3600)]
            for (k, v) in extra { c[k] = v }
            return c
        }
        func call(_ token: String) async throws -> HTTPResult {
            try await server.arm("GET", path, headers: ["Authorization": "Bearer \(token)"])
        }
        #expect(try await call(try signer.sign(claims([:]))).status == 200)

        let early = try await call(try signer.sign(claims(["nbf": JSON(now + 600)])))
        #expect(early.status == 401)
        #expect(early.errorCode == "InvalidAuthenticationToken")
        #expect(early.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
        clock.advance(by: 601)
        #expect(try await call(try signer.sign(claims(["nbf": JSON(now + 600), "exp": JSON(now + 7200)]))).status == 200)

        let foreignKID = try signer.sign(claims(["exp": JSON(now + 7200)]), keyID: "not-in-the-jwks")
        let unknown = try await call(foreignKID)
        #expect(unknown.status == 401)
        #expect(unknown.errorCode == "InvalidAuthenticationToken")
        #expect(unknown.header("WWW-Authenticate")?.hasPrefix("Bearer authorization_uri=") == true)

        let several = try signer.sign(claims(["aud": ["api://other", "https://management.core.windows.net/"], "exp": JSON(now + 7200)]))
        #expect(try await call(several).status == 200)
        let none = try await call(try signer.sign(claims(["aud": ["api://other", "api://another"], "exp": JSON(now + 7200)])))
        #expect(none.errorCode == "InvalidAuthenticationTokenAudience")
        #expect(none.header("WWW-Authenticate")?.contains("wrong audience") == true)
        #expect(none.json["error"]?["message"]?.stringValue?.contains("'api://other, api://another'") == true)
    }
}
