// The Teams app package and the Agents Toolkit files, checked offline.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { parse as parseYaml } from 'yaml';
import { buildPackage, bundledSchema, checkIcons, loadEnvironment, parseEnvFile, placeholdersIn, repoRoot, resolvePlaceholders, validateManifest } from '../../scripts/app-package.js';

const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

/** What `atk provision` would write for a tenant: sample ids. */
const provisioned = {
  TEAMS_APP_ID: '6f1c9a52-0c1e-4c8e-9a41-2a7d5f9b3e10',
  BOT_ID: '0b8e3f0a-7d55-4c3e-8d0c-5a1b2c3d4e5f',
  AAD_APP_CLIENT_ID: '9d2e6a7c-1b4f-4e2a-bc3d-7e8f9a0b1c2d',
  TAB_DOMAIN: 'sendovs-dorset.azurewebsites.net',
  BOT_DOMAIN: 'sendovs-dorset.azurewebsites.net',
  TAB_ENDPOINT: 'https://sendovs-dorset.azurewebsites.net',
};

describe('the app manifest', () => {
  const template = read('appPackage/manifest.json');
  const vars = { ...loadEnvironment('dev'), ...provisioned };
  const manifest = JSON.parse(resolvePlaceholders(template, vars).text);

  it('validates against the Teams manifest schema it names (v1.22, as @microsoft/app-manifest ships it)', async () => {
    expect(manifest.$schema).toContain('/v1.22/');
    expect(manifest.manifestVersion).toBe('1.22');
    expect(await validateManifest(manifest, bundledSchema('1.22'))).toEqual([]);
  });

  it('is checked for real: a wrong bot scope and a non-GUID id are reported', async () => {
    const broken = JSON.parse(JSON.stringify(manifest));
    broken.bots[0].scopes = ['personal', 'everywhere'];
    broken.id = 'not-a-guid';
    const problems = await validateManifest(broken, bundledSchema('1.22'));
    expect(problems.some((p) => p.startsWith('/bots/0/scopes/1'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/id'))).toBe(true);
  });

  it('has the bot in personal, team and group chat, the personal tabs, the channel tab and SSO', () => {
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    const personal = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('personal'));
    expect(personal.commands.map((c: any) => c.title)).toEqual(expect.arrayContaining(["what's due", 'my cases', 'case', 'summary', 'note', 'supervision', 'nominate', 'help']));
    expect(manifest.staticTabs.filter((t: any) => t.contentUrl).map((t: any) => t.name)).toEqual(['My work', 'Dashboard']);
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://sendovs-dorset.azurewebsites.net/tab/?view=config');
    expect(manifest.webApplicationInfo).toEqual({
      id: provisioned.AAD_APP_CLIENT_ID,
      resource: `api://${provisioned.TAB_DOMAIN}/${provisioned.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toContain(provisioned.TAB_DOMAIN);
    expect(manifest.developer.privacyUrl).toMatch(/^https:\/\//);
  });

  it('refuses to package while provisioned values are missing, naming them', () => {
    const { missing } = resolvePlaceholders(template, parseEnvFile(read('env/.env.local')));
    expect(missing).toEqual(['AAD_APP_CLIENT_ID', 'BOT_ID', 'TEAMS_APP_ID']);
  });
});

describe('the icons', () => {
  it('color.png is 192x192 and outline.png is 32x32, white on transparent', () => {
    expect(checkIcons()).toEqual([
      { file: 'color.png', problems: [] },
      { file: 'outline.png', problems: [] },
    ]);
  });

  it('an outline with a coloured pixel or no transparency is caught', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icons-'));
    copyFileSync(path.join(repoRoot, 'appPackage', 'color.png'), path.join(dir, 'color.png'));
    const png = new PNG({ width: 32, height: 32 });
    png.data.fill(255);
    png.data[0] = 0; // one red-less pixel: not white
    writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(png));
    const [, outline] = checkIcons(dir);
    expect(outline!.problems).toEqual(['has 1 pixels that are neither white nor transparent', 'has no transparent background']);
  });
});

describe('npm run package', () => {
  it('builds a zip holding exactly the manifest and the two icons', async () => {
    const { zip } = await buildPackage('dev', { ...loadEnvironment('dev'), ...provisioned });
    const files = Object.keys((await JSZip.loadAsync(zip)).files).sort();
    expect(files).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inside = JSON.parse(await (await JSZip.loadAsync(zip)).file('manifest.json')!.async('string'));
    expect(inside.id).toBe(provisioned.TEAMS_APP_ID);
    expect(JSON.stringify(inside)).not.toContain('${{');
  });
});

describe('the Agents Toolkit lifecycle files', () => {
  const yml = read('teamsapp.yml');
  const dev = { ...parseEnvFile(read('env/.env.dev')), ...parseEnvFile(read('env/.env.dev.user.example')) };
  const local = parseEnvFile(read('env/.env.local'));

  it('teamsapp.yml parses and has provision, deploy and publish stages', () => {
    const doc = parseYaml(yml);
    expect(doc.version).toMatch(/^v1\.\d+$/);
    expect(doc.environmentFolderPath).toBe('./env');
    for (const stage of ['provision', 'deploy', 'publish']) expect(Array.isArray(doc[stage])).toBe(true);
    const uses = doc.provision.map((s: any) => s.uses);
    expect(uses).toEqual(expect.arrayContaining(['teamsApp/create', 'aadApp/create', 'arm/deploy', 'aadApp/update', 'teamsApp/zipAppPackage']));
    expect(doc.deploy.map((s: any) => s.uses)).toContain('azureAppService/zipDeploy');
    expect(doc.publish.map((s: any) => s.uses)).toContain('teamsApp/publishAppPackage');
  });

  it('every ${{VAR}} of the yml, the manifests and the bicep parameters is defined in the env templates', () => {
    const used = new Set([
      ...placeholdersIn(yml),
      ...placeholdersIn(read('appPackage/manifest.json')),
      ...placeholdersIn(read('aad.manifest.json')),
      ...placeholdersIn(read('infra/azure.parameters.json')),
    ]);
    const undefinedInDev = [...used].filter((v) => !(v in dev));
    expect(undefinedInDev).toEqual([]);
    const manifestVars = placeholdersIn(read('appPackage/manifest.json')).filter((v) => !(v in local));
    expect(manifestVars).toEqual([]);
  });

  it('the bicep parameters file matches the template: every required parameter given, nothing unknown', () => {
    const bicep = read('infra/azure.bicep');
    const declared = [...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=.*)?$/gm)].map((m) => ({ name: m[1]!, required: !m[2] }));
    const given = Object.keys(JSON.parse(read('infra/azure.parameters.json')).parameters);
    expect(given.filter((g) => !declared.some((d) => d.name === g))).toEqual([]);
    expect(declared.filter((d) => d.required && !given.includes(d.name)).map((d) => d.name)).toEqual([]);
    const outputs = [...bicep.matchAll(/^output\s+(\w+)/gm)].map((m) => m[1]!);
    for (const o of outputs) expect(dev).toHaveProperty(o);
  });

  it('every App Service setting of the bicep template is one the server reads, and the npm scripts it runs exist', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const code = [...sources(path.join(repoRoot, 'src')), ...sources(path.join(repoRoot, 'bot'))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const bicep = read('infra/azure.bicep');
    const settings = [...bicep.matchAll(/\{ name: '([A-Za-z_]+)', value:/g)].map((m) => m[1]!);
    expect(settings).toEqual(expect.arrayContaining(['MicrosoftAppId', 'AAD_APP_CLIENT_ID', 'SEND_STORE', 'SEND_SP_SITE_ID']));
    const platform = new Set(['WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT']);
    const unread = settings.filter((name) => !platform.has(name) && !new RegExp(`\\b${name}\\b`).test(code));
    expect(unread).toEqual([]);
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    const run = [...bicep.matchAll(/appCommandLine: 'npm run ([\w:-]+)'/g), ...yml.matchAll(/args: run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(run.length).toBeGreaterThanOrEqual(2);
    expect(run.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('secrets are kept out of the committed env files', () => {
    for (const f of ['env/.env.dev', 'env/.env.local']) {
      expect(Object.keys(parseEnvFile(read(f))).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    }
    expect(read('.gitignore')).toMatch(/\.env\*\.user/);
  });
});
