import Foundation

/// The real `cerulean` binary in a child process, for tests that kill it.
public final class ChildServer: @unchecked Sendable {
    public let process: Process
    public let url: String
    public let dataDirectory: URL
    private let output: Pipe
    private let log: Pipe?

    /// `.build/debug/cerulean` next to the package (built by `Scripts/test` before the tests),
    /// or `CERULEAN_BINARY`.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CERULEAN_BINARY"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/cerulean")
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `captureLog` keeps the server's standard error (at `logLevel`) for `collectedLog()`; the pipe is
    /// read only after exit, so keep such runs short (a full pipe would block the server).
    /// `descriptorLimit` runs it under `ulimit -n` of that many file descriptors; `umask` under that umask.
    public init(dataDirectory: URL, arguments: [String] = [], logLevel: String = "error", captureLog: Bool = false,
                descriptorLimit: Int? = nil, umask: String? = nil) throws {
        self.dataDirectory = dataDirectory
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw StartFailure(description: "No cerulean binary at \(Self.binary.path): run `swift build` first (Scripts/test does).")
        }
        process = Process()
        let serverArguments = ["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDirectory.path, "--log-level", logLevel] + arguments
        let shell = [descriptorLimit.map { "ulimit -n \($0)" }, umask.map { "umask \($0)" }].compactMap { $0 }
        if !shell.isEmpty {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", (shell + ["exec \"$0\" \"$@\""]).joined(separator: " && "), Self.binary.path] + serverArguments
        } else {
            process.executableURL = Self.binary
            process.arguments = serverArguments
        }
        output = Pipe()
        process.standardOutput = output
        log = captureLog ? Pipe() : nil
        process.standardError = log ?? FileHandle.nullDevice
        try process.run()
        // The banner's "Listening on URL" line says the socket is bound.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("Listening on ") }) {
                url = String(line.split(separator: " ").last!)
                return
            }
        }
        process.terminate()
        throw StartFailure(description: "cerulean did not report its URL; it printed: \(text)")
    }

    /// What the server wrote to standard error; read it after the process has ended.
    public func collectedLog() -> String {
        log.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
    }

    /// CPU time (user + system) the process has used so far; Linux only (`/proc`), else `nil`.
    public func cpuSeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    public func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}
