import ArgumentParser
import CeruleanServer
import Foundation

/// `cerulean env`: the `export` lines a client shell needs.
struct Env: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the environment a client needs: eval \"$(cerulean env)\".")

    @OptionGroup var location: LocationOptions
    @OptionGroup var identity: IdentityOptions

    @Option(help: "The CA certificate's path as clients see it (default: the data folder's ca.pem), e.g. the host path of a container's volume (env CERULEAN_CA_PATH).")
    var caPath: String?

    func run() async throws {
        let authority = CertificateAuthority(directory: location.dataDirectory)
        try authority.ensureCA()
        let ca = caPath ?? nonEmptyEnvironment("CERULEAN_CA_PATH") ?? authority.caCertificatePath.path
        let url = location.expectedURL
        let lines = [
            "export CERULEAN_URL=\(shellQuoted(url))",
            "export REQUESTS_CA_BUNDLE=\(shellQuoted(ca))",
            "export SSL_CERT_FILE=\(shellQuoted(ca))",
            "export CURL_CA_BUNDLE=\(shellQuoted(ca))",
            "export AZURE_SUBSCRIPTION_ID=\(shellQuoted(identity.subscriptionID))",
            "export AZURE_TENANT_ID=\(shellQuoted(identity.tenantID))",
            "export ARM_CLOUD_METADATA_URL=\(shellQuoted(CloudMetadataURL.for(url)))",
            "export IDENTITY_ENDPOINT=\(shellQuoted(url + "/msi/token"))",
            "export IDENTITY_HEADER=\(shellQuoted(ServerConfiguration.defaultIdentitySecret))",
            "export AZURE_POD_IDENTITY_AUTHORITY_HOST=\(shellQuoted(url))",
            "export AZURE_AUTHORITY_HOST=\(shellQuoted(url))",
            // azure-ai-ml's registry look-up before a deployment of a registry model (answered by Cerulean).
            "export REGISTRY_DISCOVERY_ENDPOINT_URL=\(shellQuoted(url + "/"))",
        ]
        Console.print(lines.joined(separator: "\n"))
    }
}

/// What `ARM_CLOUD_METADATA_URL` is set to: the cloud metadata in the array form azure-ai-ml and az read.
enum CloudMetadataURL {
    static func `for`(_ base: String) -> String { base + "/metadata/endpoints?api-version=2019-05-01" }
}
