import CeruleanJSON

/// The discovery documents clients read before they ask for a token or call ARM; every URL in
/// them points at Cerulean (`base`, no trailing slash).
public enum CloudDocuments {
    /// One cloud of `GET /metadata/endpoints` (what `az cloud register` and azure-ai-ml read).
    public static func cloud(base: String) -> JSON {
        [
            "portal": .string(base),
            "authentication": [
                "loginEndpoint": .string(base),
                "audiences": [.string(base + "/"), "https://management.core.windows.net/", "https://management.azure.com/"],
                "tenant": "common",
                "identityProvider": "AAD",
            ],
            "media": .string(base),
            "graphAudience": .string(base + "/"),
            "graph": .string(base + "/"),
            "name": "Cerulean",
            "suffixes": [
                "azureDataLakeStoreFileSystem": "azuredatalakestore.net", "acrLoginServer": "azurecr.io",
                "sqlServerHostname": "database.windows.net", "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
                "keyVaultDns": "vault.azure.net", "storage": "core.windows.net", "azureFrontDoorEndpointSuffix": "azurefd.net",
                "storageSyncEndpointSuffix": "afs.azure.net", "mhsmDns": "managedhsm.azure.net",
                "mysqlServerEndpoint": "mysql.database.azure.com", "postgresqlServerEndpoint": "postgres.database.azure.com",
                "mariadbServerEndpoint": "mariadb.database.azure.com", "synapseAnalytics": "dev.azuresynapse.net",
                "attestationEndpoint": "attest.azure.net",
            ],
            "batch": .string(base + "/"),
            "resourceManager": .string(base + "/"),
            "vmImageAliasDoc": .string(base + "/metadata/aliases.json"),
            "activeDirectoryDataLake": .string(base + "/"),
            "sqlManagement": .string(base + "/"),
            "microsoftGraphResourceId": .string(base + "/"),
            "appInsightsResourceId": .string(base),
            "appInsightsTelemetryChannelResourceId": .string(base + "/v2/track"),
            "attestationResourceId": .string(base),
            "synapseAnalyticsResourceId": .string(base),
            "logAnalyticsResourceId": .string(base),
            "ossrDbmsResourceId": .string(base),
        ]
    }

    /// api-version 2019-05-01 answers an array of clouds; 2022-09-01 and later one object.
    public static func metadata(base: String, apiVersion: String?) -> JSON {
        if let apiVersion, apiVersion >= "2022-09-01" { return cloud(base: base) }
        return [cloud(base: base)]
    }

    /// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
    public static func openIDConfiguration(base: String, tenant: String) -> JSON {
        [
            "token_endpoint": .string("\(base)/\(tenant)/oauth2/v2.0/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": .string("\(base)/\(tenant)/discovery/v2.0/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": .string("\(base)/\(tenant)/v2.0"),
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": .string("\(base)/oidc/userinfo"),
            "authorization_endpoint": .string("\(base)/\(tenant)/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": .string("\(base)/\(tenant)/oauth2/v2.0/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": .string("\(base)/\(tenant)/oauth2/v2.0/logout"),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": .string(hostName(base)),
            "cloud_graph_host_name": .string(hostName(base)),
            "msgraph_host": .string(hostName(base)),
        ]
    }

    /// MSAL's instance discovery (`GET /common/discovery/instance`).
    public static func instanceDiscovery(base: String, tenant: String) -> JSON {
        let host = JSON.string(hostName(base))
        return [
            "tenant_discovery_endpoint": .string("\(base)/\(tenant)/v2.0/.well-known/openid-configuration"),
            "api-version": "1.1",
            "metadata": [["preferred_network": host, "preferred_cache": host, "aliases": [host]]],
        ]
    }

    static func hostName(_ base: String) -> String {
        var rest = base
        if let range = rest.range(of: "://") { rest = String(rest[range.upperBound...]) }
        return String(rest.prefix { $0 != "/" })
    }
}
