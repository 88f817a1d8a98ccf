// Azure resources for SEND Oversight: one Linux App Service running the one Node.js server
// (bot endpoint /api/messages, the tab and its API), and the Azure Bot registration with its
// Microsoft Teams channel. Deployed by `atk provision` (teamsapp.yml, arm/deploy).
@maxLength(20)
@minLength(4)
@description('Used to name the resources, e.g. sendovs-dorset')
param resourceBaseName string

@description('App Service plan SKU (B1 is enough for one council; P1v3 for zone redundancy)')
param webAppSku string = 'B1'

@description('Region of everything that holds or processes case data (App Service plan and app, with its disk and logs): UK South or UK West only')
@allowed([
  'uksouth'
  'ukwest'
])
param location string = 'uksouth'

@description('Where the Azure Bot keeps and processes message data: europe (regional bot in West Europe; no UK region exists for Azure Bot Service) or global')
@allowed([
  'europe'
  'global'
])
param botDataResidency string = 'europe'

@description('The bot\'s Entra ID app (client) id')
param botAadAppClientId string

@secure()
@description('The bot\'s Entra ID client secret')
param botAadAppClientSecret string

@description('The tenant of the council (single-tenant bot and tab)')
param tenantId string

@description('The tab SSO Entra ID app (client) id')
param aadAppClientId string

@description('The Teams app id (the manifest id): links from cards open the exact page of the tab in Teams')
param teamsAppId string

@secure()
@description('The tab SSO app\'s client secret (for on-behalf-of calls to Graph)')
param aadAppClientSecret string

@description('SharePoint site id holding the case lists (empty: embedded SQLite on the App Service disk, for trials only)')
param sharePointSiteId string = ''

@secure()
@description('Shared secret for POST /api/jobs/sweep (an external scheduler); empty disables the header check')
param sweepSecret string = ''

@description('Display name of the bot')
param botDisplayName string = 'SEND Oversight'

var serverfarmsName = resourceBaseName
var webAppName = resourceBaseName
// Regional Azure Bot resources are created in westeurope (Europe) or centralindia; 'global' is global.
var botLocation = botDataResidency == 'europe' ? 'westeurope' : 'global'

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      // Node.js 20 (package.json engines: 20.19+ or 22+; README, Known limits: moving to 22).
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // GET /readyz: 200 when the store answers and its last PRAGMA quick_check passed, 503 with the
      // reason otherwise (and while shutting down); App Service takes an unhealthy instance out of rotation.
      healthCheckPath: '/readyz'
      appCommandLine: 'npm run start:prod'
      appSettings: [
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'NODE_ENV', value: 'production' }
        // App Service forwards to the container's PORT: listen on every interface of the container.
        { name: 'HOST', value: '0.0.0.0' }
        // Never demo data in production (the server refuses DEMO=on there anyway).
        { name: 'DEMO', value: 'off' }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppId', value: botAadAppClientId }
        { name: 'MicrosoftAppPassword', value: botAadAppClientSecret }
        { name: 'MicrosoftAppTenantId', value: tenantId }
        { name: 'AUTH_MODE', value: 'entra' }
        { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
        { name: 'AAD_APP_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'AAD_APP_TENANT_ID', value: tenantId }
        { name: 'AAD_ALLOWED_TENANTS', value: tenantId }
        { name: 'TAB_ENDPOINT', value: 'https://${webAppName}.azurewebsites.net' }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TAB_DOMAIN', value: '${webAppName}.azurewebsites.net' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'SEND_STORE', value: empty(sharePointSiteId) ? 'sqlite' : 'sharepoint' }
        { name: 'SEND_SP_SITE_ID', value: sharePointSiteId }
        { name: 'SEND_SP_TENANT_ID', value: tenantId }
        { name: 'SEND_SP_CLIENT_ID', value: aadAppClientId }
        { name: 'SEND_SP_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'SEND_DB_PATH', value: '/home/data/send-oversight.db' }
        { name: 'SWEEP_SECRET', value: sweepSecret }
      ]
    }
  }
}

// The application log (the server's JSON lines on stdout/stderr: on Linux, the container log that
// httpLogs.fileSystem turns on) is kept on the app's own file system, in its region, for 7 days; this
// template ships it to no workspace elsewhere.
resource webAppLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'logs'
  properties: {
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
    detailedErrorMessages: {
      enabled: false
    }
    failedRequestsTracing: {
      enabled: false
    }
  }
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: botLocation
  name: resourceBaseName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
  sku: {
    name: 'F0'
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: botLocation
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
