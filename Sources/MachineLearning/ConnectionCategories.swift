/// The connection categories of the Machine Learning API (`ConnectionCategory`, api-version
/// 2025-09-01), as Azure spells them; a request's category is matched case-insensitively
/// (azure-ai-ml sends `AzureOpenAi`).
enum ConnectionCategories {
    static let all = [
        "Serverless", "AzureOpenAI", "AIServices", "CustomKeys", "ApiKey", "OpenAI", "Serp", "CognitiveSearch",
        "CognitiveService", "ManagedOnlineEndpoint", "ModelGateway", "ApiManagement", "AppInsights", "AppConfig",
        "BingLLMSearch", "GroundingWithBingSearch", "GroundingWithCustomSearch", "Sharepoint", "MicrosoftFabric",
        "PowerPlatformEnvironment", "RemoteA2A", "RemoteTool", "Elasticsearch", "Pinecone",
        "PythonFeed", "ContainerRegistry", "GenericContainerRegistry", "Git", "S3", "Snowflake", "AzureKeyVault",
        "AzureSqlDb", "AzureSynapseAnalytics", "AzureMySqlDb", "AzurePostgresDb", "ADLSGen2", "AzureContainerAppEnvironment",
        "Redis", "AzureBlob", "AzureStorageAccount", "AzureOneLake", "CosmosDb", "CosmosDbMongoDbApi", "AzureDataExplorer",
        "AzureMariaDb", "AzureDatabricksDeltaLake", "AzureSqlMi", "AzureTableStorage", "AmazonRdsForOracle",
        "AmazonRdsForSqlServer", "AmazonRedshift", "Db2", "Drill", "GoogleBigQuery", "Greenplum", "Hbase", "Hive", "Impala",
        "Informix", "MariaDb", "MicrosoftAccess", "MySql", "Netezza", "Oracle", "Phoenix", "PostgreSql", "Presto",
        "SapOpenHub", "SapBw", "SapHana", "SapTable", "Spark", "SqlServer", "Sybase", "Teradata", "Vertica", "Databricks",
        "Cassandra", "Couchbase", "MongoDbV2", "MongoDbAtlas", "AmazonS3Compatible", "FileServer", "FtpServer",
        "GoogleCloudStorage", "Hdfs", "OracleCloudStorage", "Sftp", "GenericHttp", "ODataRest", "Odbc", "GenericRest",
        "AmazonMws", "Concur", "Dynamics", "DynamicsAx", "DynamicsCrm", "GoogleAdWords", "Hubspot", "Jira", "Magento",
        "Marketo", "Office365", "Eloqua", "Responsys", "OracleServiceCloud", "PayPal", "QuickBooks", "Salesforce",
        "SalesforceServiceCloud", "SalesforceMarketingCloud", "SapCloudForCustomer", "SapEcc", "ServiceNow",
        "SharePointOnlineList", "Shopify", "Square", "WebTable", "Xero", "Zoho",
    ]
}
