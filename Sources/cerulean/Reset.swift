import ARM
import ArgumentParser
import Foundation
import Store

/// `cerulean reset`: empty the state, keep the CA.
struct Reset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete every resource and operation (the CA and certificates are kept).")

    @OptionGroup var location: LocationOptions
    @OptionGroup var identity: IdentityOptions

    func run() async throws {
        let path = location.dataDirectory.appendingPathComponent("cerulean.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            Console.print("Nothing to reset: no database at \(path).")
            return
        }
        let store = try Store.open(path: path)
        try store.eraseAll()
        var settings = ARMSettings()
        settings.defaultSubscriptionID = identity.subscriptionID
        settings.tenantID = identity.tenantID
        try await ARMEngine(store: store, types: [], settings: settings).bootstrap()
        try store.close()
        Console.print("State in \(path) was reset; the CA in \(location.dataDirectory.path) was kept.")
    }
}
