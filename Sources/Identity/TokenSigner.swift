import CeruleanJSON
import Crypto
import CryptoExtras
import Foundation

/// Signs and checks RS256 JWTs with an RSA key Cerulean makes on first start and keeps in its
/// data folder (`token-signing-key.pem`), so tokens stay valid across restarts.
public struct TokenSigner: Sendable {
    let key: _RSA.Signing.PrivateKey
    /// The key id (`kid`) in token headers and the JWKS.
    public let keyID: String

    public init(key: _RSA.Signing.PrivateKey) throws {
        self.key = key
        let modulus = try key.publicKey.getKeyPrimitives().modulus
        keyID = String(Base64URL.encode(Data(SHA256.hash(data: modulus))).prefix(22))
    }

    /// Loads the key from `directory`, making it the first time.
    public static func load(directory: URL) throws -> TokenSigner {
        let path = directory.appendingPathComponent("token-signing-key.pem")
        if let pem = try? String(contentsOf: path, encoding: .utf8) {
            return try TokenSigner(key: try _RSA.Signing.PrivateKey(pemRepresentation: pem))
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        // First writer wins: the key is written aside, then linked into place (which fails if
        // another process got there first), and whatever key is in place is the one used.
        // The draft is made empty and 0600 first, so the key is never in a file others may read.
        let draft = directory.appendingPathComponent("token-signing-key.\(UUID().uuidString).tmp")
        FileManager.default.createFile(atPath: draft.path, contents: nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: draft.path)
        try key.pemRepresentation.write(to: draft, atomically: false, encoding: .utf8)
        try? FileManager.default.linkItem(at: draft, to: path)
        try? FileManager.default.removeItem(at: draft)
        let pem = try String(contentsOf: path, encoding: .utf8)
        return try TokenSigner(key: try _RSA.Signing.PrivateKey(pemRepresentation: pem))
    }

    /// A signed JWT of `claims`. `keyID` overrides the `kid` written in the header (a test makes
    /// a token the JWKS does not list with it).
    public func sign(_ claims: JSONObject, keyID: String? = nil) throws -> String {
        let header: JSON = ["typ": "JWT", "alg": "RS256", "kid": .string(keyID ?? self.keyID)]
        let signingInput = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(JSON.object(claims).serialized())
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    public enum VerificationError: Error, Equatable {
        case malformed
        /// The header names no key, or a key other than this signer's (the only one in the JWKS).
        case unknownKey
        case badSignature
    }

    /// The claims of a token this signer made; throws when the token is not one.
    public func verify(_ token: String) throws -> JSONObject {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signatureData = Base64URL.decode(parts[2]),
            let header = try? JSONParser.parse(headerData), header["alg"]?.stringValue == "RS256",
            let claims = try? JSONParser.parse(payload).objectValue
        else { throw VerificationError.malformed }
        guard header["kid"]?.stringValue == keyID else { throw VerificationError.unknownKey }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: signatureData)
        guard key.publicKey.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8), padding: .insecurePKCS1v1_5)
        else { throw VerificationError.badSignature }
        return claims
    }

    /// The JSON Web Key Set clients use to check signatures.
    public func jwks() throws -> JSON {
        let primitives = try key.publicKey.getKeyPrimitives()
        return ["keys": [[
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": .string(keyID),
            "n": .string(Base64URL.encode(primitives.modulus)), "e": .string(Base64URL.encode(primitives.publicExponent)),
        ]]]
    }
}
