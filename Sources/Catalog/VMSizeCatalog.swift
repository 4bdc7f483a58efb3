import BundledFixtures
import Foundation

/// One VM size managed compute can run on.
public struct VMSize: Codable, Sendable, Equatable {
    public var name: String
    /// The quota family (`standardDSv2Family`).
    public var family: String
    public var vCPUs: Int
    public var memoryGB: Double
    public var gpus: Int
    /// USD per hour (Linux, pay-as-you-go): what billing meters instance-hours at.
    public var pricePerHour: Double
    public var regions: [String]
    /// Azure's "Skip 20% Reservation" sizes: quota counts instances x vCPUs only.
    public var skipsReservation: Bool
    /// Whether managed online endpoints offer it (the `MIR` compute type).
    public var managedInference: Bool

    enum CodingKeys: String, CodingKey {
        case name, family, vCPUs, memoryGB, gpus, pricePerHour, regions, skipsReservation, managedInference
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        family = try c.decode(String.self, forKey: .family)
        vCPUs = try c.decode(Int.self, forKey: .vCPUs)
        memoryGB = try c.decode(Double.self, forKey: .memoryGB)
        gpus = try c.decodeIfPresent(Int.self, forKey: .gpus) ?? 0
        pricePerHour = try c.decode(Double.self, forKey: .pricePerHour)
        regions = try c.decode([String].self, forKey: .regions)
        skipsReservation = try c.decodeIfPresent(Bool.self, forKey: .skipsReservation) ?? false
        managedInference = try c.decodeIfPresent(Bool.self, forKey: .managedInference) ?? true
    }

    public func offered(in region: String) -> Bool { regions.contains(region.lowercased()) }

    /// vCPUs of quota a deployment of `instances` needs: `ceil(1.2 x instances) x vCPUs`, or
    /// `instances x vCPUs` for sizes that skip the 20 % reservation.
    public func coresNeeded(instances: Int) -> Int {
        guard !skipsReservation else { return instances * vCPUs }
        return Int((Double(instances) * 1.2 - 1e-9).rounded(.up)) * vCPUs
    }
}

/// A quota family: the usage name and the default regional limit in vCPUs.
public struct VMFamily: Codable, Sendable, Equatable {
    public var name: String
    /// `Standard_DSv2_Family_Cluster_Dedicated_vCPUs`, as usages and quota ids name it.
    public var quotaName: String
    public var displayName: String
    public var defaultLimit: Int
}

/// The VM sizes of `Fixtures/vm-sizes.json` and their quota families.
public struct VMSizeCatalog: Sendable {
    public let sizes: [VMSize]
    public let families: [VMFamily]

    private struct File: Codable {
        var families: [VMFamily]
        var sizes: [VMSize]
    }

    public init(sizes: [VMSize], families: [VMFamily]) {
        self.sizes = sizes
        self.families = families
    }

    /// Reads a VM-size catalog's bytes; `source` names it in errors.
    public static func load(_ data: Data, source: String) throws -> VMSizeCatalog {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ModelCatalog.LoadError(description: "The VM-size catalog \(source) is not valid: \(error)")
        }
        let names = Set(file.families.map { $0.name.lowercased() })
        for size in file.sizes where !names.contains(size.family.lowercased()) || size.vCPUs < 1 || size.regions.isEmpty {
            throw ModelCatalog.LoadError(description: "VM-size catalog \(source): '\(size.name)' needs a listed family, vCPUs and regions.")
        }
        return VMSizeCatalog(sizes: file.sizes, families: file.families)
    }

    /// The bundled `Fixtures/vm-sizes.json` (embedded in the binary).
    public static func standard() throws -> VMSizeCatalog {
        try load(try FixtureFiles.data("vm-sizes.json"), source: "vm-sizes.json (bundled)")
    }

    public func size(_ name: String) -> VMSize? {
        let lower = name.lowercased()
        return sizes.first { $0.name.lowercased() == lower }
    }

    public func family(_ name: String) -> VMFamily? {
        let lower = name.lowercased()
        return families.first { $0.name.lowercased() == lower }
    }

    /// The family whose quota name is `quotaName` (case-insensitive).
    public func family(quotaName: String) -> VMFamily? {
        let lower = quotaName.lowercased()
        return families.first { $0.quotaName.lowercased() == lower }
    }
}
