import CeruleanJSON
import Foundation
import Identity
import Testing

@Suite struct IdentityTests {
    /// A folder per test: tests run in parallel, and two first loads of one folder would each
    /// make a key (the restart check below needs its own folder's key to stay put).
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")

    @Test func signedTokensVerifyAndTamperedOnesDoNot() throws {
        let signer = try TokenSigner.load(directory: directory)
        let token = try signer.sign(["aud": "https://management.azure.com/", "exp": 2_000_000_000])
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let header = try JSONParser.parse(try #require(Base64URL.decode(parts[0])))
        #expect(header == ["typ": "JWT", "alg": "RS256", "kid": .string(signer.keyID)])
        #expect(try signer.verify(token)["aud"] == "https://management.azure.com/")
        let forged = parts[0] + "." + Base64URL.encode(Data(#"{"aud":"https://evil/","exp":2000000000}"#.utf8)) + "." + parts[2]
        #expect(throws: TokenSigner.VerificationError.badSignature) { try signer.verify(forged) }
        #expect(throws: TokenSigner.VerificationError.malformed) { try signer.verify("not-a-jwt") }
        // The key survives a restart: a second load verifies the first one's tokens.
        #expect(try TokenSigner.load(directory: directory).verify(token)["exp"] == 2_000_000_000)
        let jwks = try signer.jwks()
        #expect(jwks["keys"]?[0]?["kid"]?.stringValue == signer.keyID)
        #expect(jwks["keys"]?[0]?["e"]?.stringValue == "AQAB")
        #expect((jwks["keys"]?[0]?["n"]?.stringValue?.count ?? 0) > 300)
    }

    @Test func concurrentFirstLoadsAgreeOnOneKey() async throws {
        let dir = directory
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<6 { group.addTask { try TokenSigner.load(directory: dir).keyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try TokenSigner.load(directory: dir).keyID == ids.first)
    }

    @Test func issuedTokensCarryTheClaimsClientsRead() throws {
        let issuer = TokenIssuer(signer: try TokenSigner.load(directory: directory), tenantID: "tenant-1")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try issuer.issue(resource: "https://management.azure.com/", clientID: "app-1", issuerBase: "https://localhost:8443", now: now)
        let claims = try issuer.signer.verify(token.value)
        #expect(claims["aud"] == "https://management.azure.com/")
        #expect(claims["iss"] == "https://localhost:8443/tenant-1/v2.0")
        #expect(claims["tid"] == "tenant-1")
        #expect(claims["appid"] == "app-1")
        #expect(claims["exp"]?.intValue == 1_800_003_600)
        #expect(UUID(uuidString: claims["oid"]?.stringValue ?? "") != nil)
        let again = try issuer.issue(resource: "x", clientID: "app-1", issuerBase: "b", now: now)
        #expect(try issuer.signer.verify(again.value)["oid"] == claims["oid"])  // stable per client
        #expect(TokenIssuer.resource(fromScope: "https://management.azure.com/.default") == "https://management.azure.com/")
        #expect(TokenIssuer.resource(fromScope: "api://x") == "api://x")
        #expect(TokenIssuer.resource(fromScope: "https://localhost:8443//.default") == "https://localhost:8443/")
    }

    @Test func validatorRefusesExpiredForeignAndWrongAudienceTokens() throws {
        let signer = try TokenSigner.load(directory: directory)
        let validator = TokenValidator(signer: signer)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let good = try signer.sign(["aud": "https://localhost:8443/", "exp": 1_800_000_100])
        #expect(try validator.validate(good, audiences: ["https://localhost:8443"], now: now)["aud"] != nil)
        #expect(throws: TokenValidator.Failure.expired(expiry: Date(timeIntervalSince1970: 1_800_000_100), now: now.addingTimeInterval(200))) {
            try validator.validate(good, audiences: ["https://localhost:8443/"], now: now.addingTimeInterval(200))
        }
        #expect(throws: TokenValidator.Failure.wrongAudience("https://localhost:8443/")) {
            try validator.validate(good, audiences: ["https://management.azure.com/"], now: now)
        }
        let other = try TokenSigner.load(directory: FileManager.default.temporaryDirectory.appendingPathComponent("other-\(UUID().uuidString)"))
        #expect(throws: TokenValidator.Failure.invalid) {
            try validator.validate(try other.sign(["aud": "https://localhost:8443/", "exp": 1_800_000_100]), audiences: ["https://localhost:8443/"], now: now)
        }
    }

    @Test func validatorRefusesTokensNotYetValidOrWithAnUnknownKeyID() throws {
        let signer = try TokenSigner.load(directory: directory)
        let validator = TokenValidator(signer: signer)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let audience = ["https://localhost:8443/"]
        let early = try signer.sign(["aud": "https://localhost:8443/", "nbf": 1_800_000_060, "exp": 1_800_003_600])
        #expect(throws: TokenValidator.Failure.notYetValid(notBefore: Date(timeIntervalSince1970: 1_800_000_060), now: now)) {
            try validator.validate(early, audiences: audience, now: now)
        }
        #expect(try validator.validate(early, audiences: audience, now: now.addingTimeInterval(60))["nbf"] != nil)
        #expect(throws: TokenValidator.Failure.invalid) {
            try validator.validate(try signer.sign(["aud": "https://localhost:8443/", "nbf": "soon", "exp": 1_800_003_600]),
                                   audiences: audience, now: now)
        }
        // The right key, but a kid the JWKS does not list: refused like a bad signature.
        let relabelled = try signer.sign(["aud": "https://localhost:8443/", "exp": 1_800_003_600], keyID: "someone-else")
        #expect(throws: TokenSigner.VerificationError.unknownKey) { try signer.verify(relabelled) }
        #expect(throws: TokenValidator.Failure.invalid) { try validator.validate(relabelled, audiences: audience, now: now) }
    }

    @Test func validatorReadsAnAudienceArrayAsJWTHasIt() throws {
        let signer = try TokenSigner.load(directory: directory)
        let validator = TokenValidator(signer: signer)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let several = try signer.sign(["aud": ["api://x", "https://management.azure.com"], "exp": 1_800_003_600])
        #expect(try validator.validate(several, audiences: ["https://management.azure.com/"], now: now)["aud"] != nil)
        #expect(throws: TokenValidator.Failure.wrongAudience("api://x, https://management.azure.com")) {
            try validator.validate(several, audiences: ["https://localhost:8443/"], now: now)
        }
        #expect(throws: TokenValidator.Failure.wrongAudience("")) {
            try validator.validate(try signer.sign(["aud": 7, "exp": 1_800_003_600]), audiences: ["https://localhost:8443/"], now: now)
        }
    }

    @Test func cloudMetadataShapes() {
        let array = CloudDocuments.metadata(base: "https://localhost:8443", apiVersion: "2019-05-01")
        #expect(array.arrayValue?.count == 1)
        #expect(array[0]?["resourceManager"] == "https://localhost:8443/")
        #expect(array[0]?["authentication"]?["loginEndpoint"] == "https://localhost:8443")
        let object = CloudDocuments.metadata(base: "https://localhost:8443", apiVersion: "2022-09-01")
        #expect(object["name"] == "Cerulean")
        #expect(object["suffixes"]?["storage"] == "core.windows.net")
        let config = CloudDocuments.openIDConfiguration(base: "https://localhost:8443", tenant: "t1")
        #expect(config["token_endpoint"] == "https://localhost:8443/t1/oauth2/v2.0/token")
        #expect(config["issuer"] == "https://localhost:8443/t1/v2.0")
    }
}
