import ArgumentParser
import Foundation

/// Options shared by every subcommand that touches the data folder or prints URLs.
struct LocationOptions: ParsableArguments {
    @Option(help: "Folder for the database, the CA and the server certificate (env CERULEAN_DATA_DIR).")
    var dataDir: String = ProcessInfo.processInfo.environment["CERULEAN_DATA_DIR"] ?? ".cerulean"

    @Option(help: "Interface to listen on (env CERULEAN_HOST).")
    var host: String = ProcessInfo.processInfo.environment["CERULEAN_HOST"] ?? "localhost"

    @Option(help: "Port to listen on; 0 picks a free one and prints it (env CERULEAN_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["CERULEAN_PORT"] ?? "") ?? 8443

    @Option(name: .customLong("public-url"),
            help: "Base URL written into URLs the server hands out, e.g. a container's published address (default: taken from each request's Host; env CERULEAN_PUBLIC_URL).")
    var publicURLOption: String?

    var publicURL: String? { publicURLOption ?? nonEmptyEnvironment("CERULEAN_PUBLIC_URL") }

    @Flag(help: "Serve plain HTTP (for key-only data-plane clients; Azure SDKs refuse bearer tokens over HTTP).")
    var noTLS = false

    func validate() throws {
        if let text = ProcessInfo.processInfo.environment["CERULEAN_PORT"], Int(text) == nil {
            throw ValidationError("CERULEAN_PORT must be a port number, got '\(text)'.")
        }
    }

    var dataDirectory: URL {
        URL(fileURLWithPath: dataDir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// The URL clients should use, as far as it is known before the server starts.
    var expectedURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(noTLS ? "http" : "https")://\(shown == "0.0.0.0" ? "localhost" : shown):\(port)"
    }
}

struct IdentityOptions: ParsableArguments {
    @Option(help: "Id of the default subscription (env CERULEAN_SUBSCRIPTION_ID).")
    var subscriptionID: String = ProcessInfo.processInfo.environment["CERULEAN_SUBSCRIPTION_ID"]
        ?? "00000000-1111-2222-3333-444444444444"

    @Option(help: "Id of the tenant (env CERULEAN_TENANT_ID).")
    var tenantID: String = ProcessInfo.processInfo.environment["CERULEAN_TENANT_ID"]
        ?? "00000000-aaaa-bbbb-cccc-dddddddddddd"

    func validate() throws {
        guard UUID(uuidString: subscriptionID) != nil else {
            throw ValidationError("--subscription-id must be a GUID, got '\(subscriptionID)'.")
        }
        guard UUID(uuidString: tenantID) != nil else {
            throw ValidationError("--tenant-id must be a GUID, got '\(tenantID)'.")
        }
    }
}

/// An environment variable's value, unless it is unset or empty.
func nonEmptyEnvironment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

/// A value as a single-quoted POSIX shell word, for the `export` lines clients `eval`.
func shellQuoted(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Writes to standard output through FileHandle (Swift 6 forbids the global `stdout`).
enum Console {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
