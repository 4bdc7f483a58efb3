import BundledFixtures
import Foundation

/// Unit prices in USD, read from `Fixtures/prices.json` and any `--prices` files (later files
/// replace the entries they name): tokens per 1,000 by model name (optionally per deployment
/// SKU), managed-compute instance types per hour, and defaults for what is not listed.
public struct PriceList: Sendable, Equatable {
    public struct TokenPrice: Codable, Sendable, Equatable {
        public var inputPer1K: Double
        public var outputPer1K: Double
        /// Prices that replace these for one deployment SKU (`Standard`, `DataZoneStandard`).
        public var skus: [String: TokenPrice]?

        public init(inputPer1K: Double, outputPer1K: Double, skus: [String: TokenPrice]? = nil) {
            self.inputPer1K = inputPer1K
            self.outputPer1K = outputPer1K
            self.skus = skus
        }
    }

    struct Defaults: Codable, Sendable, Equatable {
        var tokens: TokenPrice?
        var instanceHour: Double?
    }

    private struct File: Codable {
        var currency: String?
        var tokens: [String: TokenPrice]?
        var instanceHours: [String: Double]?
        var defaults: Defaults?
    }

    public static let currency = "USD"
    public private(set) var tokens: [String: TokenPrice] = [:]
    public private(set) var instanceHours: [String: Double] = [:]
    public private(set) var defaultTokens = TokenPrice(inputPer1K: 0, outputPer1K: 0)
    public private(set) var defaultInstanceHour: Double = 0

    public init(tokens: [String: TokenPrice] = [:], instanceHours: [String: Double] = [:],
                defaultTokens: TokenPrice = TokenPrice(inputPer1K: 0, outputPer1K: 0), defaultInstanceHour: Double = 0) {
        for (name, price) in tokens { self.tokens[name.lowercased()] = price }
        for (name, price) in instanceHours { self.instanceHours[name.lowercased()] = price }
        self.defaultTokens = defaultTokens
        self.defaultInstanceHour = defaultInstanceHour
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bundled price list (`Fixtures/prices.json`, embedded in the binary) plus `extraFiles`.
    public static func standard(extraFiles: [URL] = []) throws -> PriceList {
        var prices = PriceList()
        try prices.merge(try FixtureFiles.data("prices.json"), source: "prices.json (bundled)")
        for file in extraFiles { try prices.merge(file) }
        return prices
    }

    /// Adds the entries of a price file.
    public mutating func merge(_ url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LoadError(description: "Cannot read the price list \(url.path): \(error.localizedDescription)")
        }
        try merge(data, source: url.path)
    }

    /// Adds the entries of a price list, checking every figure so mistakes are reported at start.
    mutating func merge(_ data: Data, source: String) throws {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw LoadError(description: "The price list \(source) is not valid: \(error)")
        }
        if let currency = file.currency, currency != Self.currency {
            throw LoadError(description: "Price list \(source): only USD prices are supported, not '\(currency)'.")
        }
        func check(_ price: TokenPrice, _ what: String) throws {
            guard price.inputPer1K >= 0, price.outputPer1K >= 0, price.inputPer1K.isFinite, price.outputPer1K.isFinite else {
                throw LoadError(description: "Price list \(source): \(what) needs prices of 0 or more.")
            }
            for (sku, inner) in price.skus ?? [:] { try check(inner, "\(what) (SKU \(sku))") }
        }
        for (name, price) in file.tokens ?? [:] {
            try check(price, "'\(name)'")
            tokens[name.lowercased()] = price
        }
        for (name, price) in file.instanceHours ?? [:] {
            guard price >= 0, price.isFinite else { throw LoadError(description: "Price list \(source): '\(name)' needs a price of 0 or more per hour.") }
            instanceHours[name.lowercased()] = price
        }
        if let price = file.defaults?.tokens {
            try check(price, "defaults.tokens")
            defaultTokens = price
        }
        if let price = file.defaults?.instanceHour {
            guard price >= 0, price.isFinite else { throw LoadError(description: "Price list \(source): defaults.instanceHour needs a price of 0 or more.") }
            defaultInstanceHour = price
        }
    }

    /// The token price of a model (by name) on a SKU: the SKU's own, the model's, or the default.
    public func tokenPrice(product: String, sku: String?) -> TokenPrice {
        guard let model = tokens[product.lowercased()] else { return defaultTokens }
        if let sku, let special = model.skus?.first(where: { $0.key.lowercased() == sku.lowercased() })?.value { return special }
        return model
    }

    /// This list with hourly prices for the instance types it does not name (the VM-size
    /// catalog's), so a price file names only what it changes.
    public func fillingInstanceHours(_ prices: [(instanceType: String, perHour: Double)]) -> PriceList {
        var list = self
        for (name, price) in prices where list.instanceHours[name.lowercased()] == nil {
            list.instanceHours[name.lowercased()] = price
        }
        return list
    }

    /// The price of one hour of one instance of an instance type.
    public func instanceHourPrice(_ instanceType: String) -> Double {
        instanceHours[instanceType.lowercased()] ?? defaultInstanceHour
    }

    /// Whether the list names this model (tests check that every catalog model is priced).
    public func lists(product: String) -> Bool { tokens[product.lowercased()] != nil }
}
