import CeruleanServer
import Foundation
import SwiftASN1
import Testing
import X509

@Suite struct CertificateTests {
    func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString)")
    }

    @Test func makesACAAndAServerCertificateClientsAccept() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let authority = CertificateAuthority(directory: dir)
        let identity = try authority.serverIdentity()
        let ca = try Certificate(pemEncoded: String(contentsOf: authority.caCertificatePath, encoding: .utf8))
        let leaf = try Certificate(pemEncoded: identity.certificatePEM)

        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try ca.extensions.keyUsage?.keyCertSign == true)
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))))
        let ski = try #require(try ca.extensions.subjectKeyIdentifier)
        #expect(try leaf.extensions.authorityKeyIdentifier?.keyIdentifier == ski.keyIdentifier)
        #expect(try leaf.extensions.subjectKeyIdentifier != nil)
        #expect(leaf.issuer == ca.subject)
        #expect(ca.publicKey.isValidSignature(leaf.signature, for: leaf))
        let keyMode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("ca-key.pem").path)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
    }

    @Test func reusesWhatExistsAndReissuesOnlyTheLeafForNewHosts() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let authority = CertificateAuthority(directory: dir)
        let first = try authority.serverIdentity()
        let caText = try String(contentsOf: authority.caCertificatePath, encoding: .utf8)
        #expect(try authority.serverIdentity().certificatePEM == first.certificatePEM)
        let wider = try authority.serverIdentity(hosts: ["cerulean.internal", "10.1.2.3"])
        #expect(wider.certificatePEM != first.certificatePEM)
        #expect(try String(contentsOf: authority.caCertificatePath, encoding: .utf8) == caText)
        let leaf = try Certificate(pemEncoded: wider.certificatePEM)
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("cerulean.internal")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [10, 1, 2, 3]))))
    }
}
