import Crypto
import Foundation
import Store
import SwiftASN1
import X509

/// Cerulean's own certificate authority and the server certificate it signs, kept in the
/// data folder. Made on first start and reused afterwards; the server certificate is
/// re-issued from the same CA when it nears expiry or does not cover a requested host,
/// so clients that trust `ca.pem` once keep working.
public struct CertificateAuthority: Sendable {
    public let directory: URL
    public var caCertificatePath: URL { directory.appendingPathComponent("ca.pem") }
    var caKeyPath: URL { directory.appendingPathComponent("ca-key.pem") }
    public var serverCertificatePath: URL { directory.appendingPathComponent("server.pem") }
    var serverKeyPath: URL { directory.appendingPathComponent("server-key.pem") }

    public init(directory: URL) {
        self.directory = directory
    }

    /// PEM texts of the server certificate and key, creating whatever is missing.
    public struct ServerIdentity: Sendable {
        public let certificatePEM: String
        public let privateKeyPEM: String
    }

    /// Makes the CA if it does not exist yet; returns its certificate.
    @discardableResult
    public func ensureCA() throws -> Certificate {
        if FileManager.default.fileExists(atPath: caCertificatePath.path),
            FileManager.default.fileExists(atPath: caKeyPath.path)
        {
            return try Certificate(pemEncoded: String(contentsOf: caCertificatePath, encoding: .utf8))
        }
        try PrivateFiles.prepareFolder(directory)
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let name = try DistinguishedName {
            OrganizationName("Cerulean")
            CommonName("Cerulean Local Development CA")
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        try writePrivate(key.pemRepresentation, to: caKeyPath)
        try writePublic(certificate.serializeAsPEM().pemString, to: caCertificatePath)
        return certificate
    }

    /// The server certificate and key, issuing a new pair when needed. `hosts` are extra
    /// names or addresses to cover besides localhost, 127.0.0.1 and ::1.
    public func serverIdentity(hosts: [String] = []) throws -> ServerIdentity {
        let ca = try ensureCA()
        let wanted = Set(["localhost", "127.0.0.1", "::1"] + hosts.filter { !$0.isEmpty && $0 != "0.0.0.0" && $0 != "::" })
        if let existing = try? String(contentsOf: serverCertificatePath, encoding: .utf8),
            let key = try? String(contentsOf: serverKeyPath, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: existing),
            certificate.issuer == ca.subject,
            certificate.notValidAfter > Date().addingTimeInterval(30 * 86400),
            wanted.isSubset(of: Self.names(in: certificate))
        {
            return ServerIdentity(certificatePEM: existing, privateKeyPEM: key)
        }
        return try issueServerCertificate(ca: ca, hosts: wanted.sorted())
    }

    private func issueServerCertificate(ca: Certificate, hosts: [String]) throws -> ServerIdentity {
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOf: caKeyPath, encoding: .utf8))
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName {
            OrganizationName("Cerulean")
            CommonName("localhost")
        }
        let authorityKeyID = try ca.extensions.subjectKeyIdentifier?.keyIdentifier
        let names: [GeneralName] = hosts.map { host in
            if let bytes = Self.ipAddressBytes(host) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
            return .dnsName(host)
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(397 * 86400),
            issuer: ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        let pem = try certificate.serializeAsPEM().pemString
        try writePrivate(key.pemRepresentation, to: serverKeyPath)
        try writePublic(pem, to: serverCertificatePath)
        return ServerIdentity(certificatePEM: pem, privateKeyPEM: key.pemRepresentation)
    }

    static func names(in certificate: Certificate) -> Set<String> {
        guard let san = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return Set(san.compactMap { name -> String? in
            switch name {
            case .dnsName(let dns): return dns
            case .ipAddress(let octets): return ipAddressText(Array(octets.bytes))
            default: return nil
            }
        })
    }

    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func ipAddressText(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : bytes.count == 16 ? AF_INET6 : -1
        guard family != -1 else { return nil }
        return bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)).map { _ in
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    private func writePrivate(_ text: String, to url: URL) throws {
        try PrivateFiles.write(Data(text.utf8), to: url)
    }

    /// Certificates clients must read (the CA's above all) stay 0644 whatever the umask.
    private func writePublic(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    }
}
