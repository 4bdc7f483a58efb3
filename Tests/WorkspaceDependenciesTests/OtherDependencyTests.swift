import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct KeyVaultTests {
    typealias H = DependencyHarness

    @Test func vaultURIDefaultsAndRules() async throws {
        let h = try await H()
        let created = await h.create(H.vault("MyWsKeyVault01"), H.vaultBody)
        let p = try #require(created.props)
        #expect(p["vaultUri"] == "https://mywskeyvault01.vault.azure.net/")
        #expect(p["sku"] == ["family": "A", "name": "standard"])
        #expect(p["tenantId"]?.stringValue == H.tenant)
        #expect(p["enableRbacAuthorization"] == true && p["enableSoftDelete"] == true && p["softDeleteRetentionInDays"] == 90)
        let badName = await h.call("PUT", H.vault("9-starts-with-digit"), body: H.vaultBody)
        #expect(badName.errorCode == "VaultNameNotValid")
        #expect(await h.call("PUT", H.vault("double--hyphen"), body: H.vaultBody).errorCode == "VaultNameNotValid")
        let noTenant = await h.call("PUT", H.vault("notenant"), body: #"{"location":"eastus2","properties":{"sku":{"name":"standard","family":"A"}}}"#)
        #expect(noTenant.errorCode == "InvalidRequestContent" && noTenant.errorMessage?.contains("properties.tenantId") == true)
        let noSku = await h.call("PUT", H.vault("nosku"), body: #"{"location":"eastus2","properties":{"tenantId":"\#(H.tenant)"}}"#)
        #expect(noSku.errorMessage?.contains("properties.sku.name") == true)
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2", body: #"{"location":"eastus2"}"#)
        let taken = await h.call("PUT", H.id("Microsoft.KeyVault/vaults", "mywskeyvault01", group: "rg2"), body: H.vaultBody)
        #expect(taken.status == 409 && taken.errorCode == "VaultAlreadyExists")
    }
}

@Suite struct InsightsTests {
    typealias H = DependencyHarness

    @Test func instrumentationKeyAndConnectionStringLinkedToLogAnalytics() async throws {
        let h = try await H()
        let missing = await h.call("PUT", H.insights("myinsights"), body: H.insightsBody(workspace: H.logAnalytics("mylogs")))
        #expect(missing.status == 400 && missing.errorCode == "WorkspaceNotFound")
        let logs = await h.create(H.logAnalytics("mylogs"), H.logAnalyticsBody)
        let customerID = try #require(logs.props?["customerId"]?.stringValue)
        #expect(UUID(uuidString: customerID) != nil)
        #expect(logs.props?["sku"]?["name"] == "PerGB2018" && logs.props?["retentionInDays"] == 30)
        let created = await h.create(H.insights("myinsights"), H.insightsBody(workspace: H.logAnalytics("mylogs")))
        let p = try #require(created.props)
        let key = try #require(p["InstrumentationKey"]?.stringValue)
        let appID = try #require(p["AppId"]?.stringValue)
        #expect(UUID(uuidString: key) != nil && key != appID)
        #expect(p["ConnectionString"]?.stringValue
            == "InstrumentationKey=\(key);IngestionEndpoint=https://eastus2.in.applicationinsights.azure.com/;LiveEndpoint=https://eastus2.livediagnostics.monitor.azure.com/;ApplicationId=\(appID)")
        #expect(p["IngestionMode"] == "LogAnalytics" && p["Application_Type"] == "web" && p["Name"] == "myinsights")
        #expect(p["TenantId"]?.stringValue == H.sub)
        let again = await h.call("PUT", H.insights("myinsights"), body: H.insightsBody(workspace: nil))
        #expect(again.props?["InstrumentationKey"]?.stringValue == key, "the key stays across updates")
        #expect(again.props?["IngestionMode"] == "ApplicationInsights")
        let noKind = await h.call("PUT", H.insights("nokind"), body: #"{"location":"eastus2","properties":{"Application_Type":"web"}}"#)
        #expect(noKind.errorMessage?.contains("'kind'") == true)
        #expect(await h.call("PUT", H.insights("ends-with."), body: H.insightsBody(workspace: nil)).errorCode == "InvalidResourceName")
    }

    @Test func logAnalyticsSharedKeys() async throws {
        let h = try await H()
        _ = await h.call("PUT", H.logAnalytics("keyedlogs"), body: H.logAnalyticsBody)
        let shared = await h.call("POST", H.logAnalytics("keyedlogs") + "/sharedKeys")
        let primary = try #require(shared.body?["primarySharedKey"]?.stringValue)
        #expect(primary.count == 88 && shared.body?["secondarySharedKey"]?.stringValue != primary)
        #expect(await h.call("POST", H.logAnalytics("keyedlogs") + "/listKeys").body == shared.body, "listKeys() in templates reads the same keys")
        #expect(await h.call("GET", H.logAnalytics("keyedlogs")).body.map { !$0.serialized().contains(Data(primary.utf8)) } == true)
        let badRetention = await h.call("PUT", H.logAnalytics("shortlogs"), body: #"{"location":"eastus2","properties":{"retentionInDays":3}}"#)
        #expect(badRetention.errorCode == "InvalidParameter")
        #expect(await h.call("PUT", H.logAnalytics("abc"), body: H.logAnalyticsBody).errorCode == "InvalidResourceName")
    }
}

@Suite struct ContainerRegistryTests {
    typealias H = DependencyHarness

    @Test func loginServerAndAdminCredentials() async throws {
        let h = try await H()
        let created = await h.create(H.registry("MyRegistry01"), H.registryBody)
        #expect(created.props?["loginServer"] == "myregistry01.azurecr.io")
        #expect(created.body?["sku"] == ["name": "Basic", "tier": "Basic"])
        let credentials = await h.call("POST", H.registry("MyRegistry01") + "/listCredentials")
        #expect(credentials.status == 200)
        #expect(credentials.body?["username"] == "MyRegistry01")
        let passwords = try #require(credentials.body?["passwords"]?.arrayValue)
        #expect(passwords.compactMap { $0["name"]?.stringValue } == ["password", "password2"])
        let first = try #require(passwords[0]["value"]?.stringValue)
        let rotated = await h.call("POST", H.registry("MyRegistry01") + "/regenerateCredential", body: #"{"name":"password"}"#)
        #expect(rotated.body?["passwords"]?[0]?["value"]?.stringValue != first)
        #expect(rotated.body?["passwords"]?[1]?["value"] == passwords[1]["value"])
        _ = await h.call("PUT", H.registry("noadmin01"), body: #"{"location":"eastus2","sku":{"name":"Standard"}}"#)
        let refused = await h.call("POST", H.registry("noadmin01") + "/listCredentials")
        #expect(refused.status == 400 && refused.errorCode == "UnAuthorizedForCredentialOperations")
        #expect(await h.call("PUT", H.registry("abc"), body: H.registryBody).errorCode == "InvalidResourceName")
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2", body: #"{"location":"eastus2"}"#)
        let taken = await h.call("PUT", H.id("Microsoft.ContainerRegistry/registries", "myregistry01", group: "rg2"), body: H.registryBody)
        #expect(taken.status == 409 && taken.errorCode == "AlreadyInUse")
    }
}
