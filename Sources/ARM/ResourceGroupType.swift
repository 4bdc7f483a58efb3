import CeruleanJSON
import Foundation

/// `Microsoft.Resources/resourceGroups` as a registered type, so deletion runs through the
/// same operation and transition machinery as every other type.
enum ResourceGroupType {
    static let type = "Microsoft.Resources/resourceGroups"

    static var definition: ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = NameRule(
            explanation: "Resource group names only allow alphanumeric characters, periods, underscores, hyphens and parenthesis and cannot end in a period; they are 1 to 90 characters long."
        ) { name in
            !name.isEmpty && name.count <= 90 && !name.hasSuffix(".")
                && name.unicodeScalars.allSatisfy {
                    CharacterSet.alphanumerics.contains($0) || "-_.()".unicodeScalars.contains($0)
                }
        }
        t.apiVersions = ["2024-11-01", "2024-03-01", "2022-09-01", "2021-04-01"]
        t.patchableKeys = ["tags", "managedBy"]
        t.acceptedKeys = ["managedBy"]
        t.operationStatusSegment = "operationStatuses"
        t.operationResultSegment = "operationResults"
        return t
    }
}
