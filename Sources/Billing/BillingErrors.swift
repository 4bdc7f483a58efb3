import ARM

/// The errors of the cost APIs: `400 BadRequest` with Cost Management's "Invalid query
/// definition" wording (verbatim where Azure's text is known: the grouping list, the one-year
/// limit, a missing dataset) and the Consumption API's filter rules.
enum BillingErrors {
    static func badRequest(_ message: String) -> ARMError {
        ARMError(status: 400, code: "BadRequest", message: message)
    }

    static func query(_ reason: String) -> ARMError {
        badRequest("Invalid query definition: \(reason)")
    }

    static func choice(_ what: String, _ value: String, _ valid: [String]) -> ARMError {
        query("Invalid \(what) '\(value)'; valid values: \(quoted(valid)).")
    }

    static func quoted(_ values: [String]) -> String {
        values.map { "'\($0)'" }.joined(separator: ",")
    }

    static let missingDataset = badRequest("Invalid query definition, Dataset is invalid or not supplied.")
    static let periodTooLong = query("The time period for pulling the data cannot exceed 1 year(s).")

    static func invalidGrouping(_ name: String) -> ARMError {
        query("Invalid dataset grouping: '\(name)'; valid values: \(quoted(CostDimensions.validNames)),''.")
    }

    static func invalidFilterDimension(_ name: String) -> ARMError {
        query("Invalid dataset filter dimension: '\(name)'; valid values: \(quoted(CostDimensions.validNames)).")
    }

    static let filterShape = query("Invalid dataset filter; on a QueryFilter one and only one of and/or/not/dimension/tag can be set.")

    static func usageFilter(_ reason: String) -> ARMError {
        badRequest("Invalid $filter: \(reason) The filter supports properties/usageStart, properties/usageEnd, properties/date, properties/resourceGroup, properties/resourceName, properties/resourceId, properties/chargeType, properties/reservationId, properties/publisherType and tags, with 'eq', 'lt', 'gt', 'le', 'ge' and 'and'; it does not support 'ne', 'or' or 'not'.")
    }
}
