import ArgumentParser
import CeruleanServer
import Foundation

/// `cerulean az-setup`: points the Azure CLI at a running Cerulean — registers and selects a
/// "Cerulean" cloud and signs in — in a config folder of its own, then prints the `export`
/// lines the shell needs: `eval "$(cerulean az-setup)"`.
struct AzSetup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "az-setup",
        abstract: "Register Cerulean as an az cloud and sign in: eval \"$(cerulean az-setup)\".")

    @OptionGroup var location: LocationOptions
    @OptionGroup var identity: IdentityOptions

    @Option(help: "The az executable.")
    var az = "az"

    @Option(help: "AZURE_CONFIG_DIR to set up (default: azure-cli in the data folder, leaving ~/.azure alone).")
    var configDir: String?

    @Flag(help: "Sign in with the managed-identity endpoint (az login --identity) instead of a service principal.")
    var managedIdentity = false

    func run() async throws {
        let url = location.expectedURL
        let ca = CertificateAuthority(directory: location.dataDirectory).caCertificatePath.path
        let config = configDir ?? location.dataDirectory.appendingPathComponent("azure-cli").path
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        // The `ml` extension reads its cloud from ARM_CLOUD_METADATA_URL (it ignores az's registered
        // clouds), so it stays set, to Cerulean's metadata; az then loads its cloud list from there
        // and caches it in the config folder, so a cache from an earlier port is dropped first.
        try? FileManager.default.removeItem(atPath: (config as NSString).appendingPathComponent("cloudEndpoints.json"))
        let settings = [
            "AZURE_CONFIG_DIR": config, "AZURE_CORE_INSTANCE_DISCOVERY": "false", "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "ARM_CLOUD_METADATA_URL": CloudMetadataURL.for(url),
        ]
        env.merge(settings) { _, new in new }
        if managedIdentity {
            env["IDENTITY_ENDPOINT"] = url + "/msi/token"
            env["IDENTITY_HEADER"] = ServerConfiguration.defaultIdentitySecret
        }
        let endpoints = ["--endpoint-resource-manager", url + "/", "--endpoint-active-directory", url,
                         "--endpoint-active-directory-resource-id", url + "/", "--endpoint-management", url + "/"]
        let exists = try runAz(["cloud", "show", "-n", "Cerulean", "-o", "none"], env: env, quiet: true) == 0
        try require(runAz(["cloud", exists ? "update" : "register", "-n", "Cerulean"] + endpoints + ["-o", "none"], env: env), "az cloud register")
        try require(runAz(["cloud", "set", "-n", "Cerulean", "-o", "none"], env: env), "az cloud set")
        let login = managedIdentity
            ? ["login", "--identity", "-o", "none"]
            : ["login", "--service-principal", "-u", "cerulean-cli", "-p", "cerulean-secret", "--tenant", identity.tenantID, "-o", "none"]
        try require(runAz(login, env: env), "az login")
        let lines = settings.sorted { $0.key < $1.key }.map { "export \($0.key)=\(shellQuoted($0.value))" }
        Console.print(lines.joined(separator: "\n"))
    }

    /// Runs az with its output on standard error (standard output is for the `export` lines).
    private func runAz(_ arguments: [String], env: [String: String], quiet: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [az] + arguments
        process.environment = env
        process.standardOutput = FileHandle.standardError
        process.standardError = quiet ? FileHandle.nullDevice : FileHandle.standardError
        do { try process.run() } catch {
            throw ValidationError("Cannot run '\(az)': \(error). Install the Azure CLI or pass --az PATH.")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func require(_ status: Int32, _ step: String) throws {
        guard status == 0 else { throw ValidationError("\(step) failed (exit \(status)); is Cerulean running at \(location.expectedURL)?") }
    }
}
