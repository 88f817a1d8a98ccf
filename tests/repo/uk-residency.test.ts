// UK residency (issue 16; README, Children's data): infra/azure.bicep puts everything that holds or
// processes case data (the App Service plan and app, with its disk and its log) in UK South or UK
// West, and the Azure Bot in Europe (Azure Bot Service has no UK region) unless deliberately global.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const bicep = readFileSync(path.resolve(import.meta.dirname, '../../infra/azure.bicep'), 'utf8');

/** Each resource declaration: its symbolic name, type and the text of its body up to the next one. */
function resources(): Array<{ name: string; type: string; body: string }> {
  const heads = [...bicep.matchAll(/^resource (\w+) '([^@']+)@[^']+' = \{$/gm)];
  return heads.map((m, i) => ({ name: m[1]!, type: m[2]!, body: bicep.slice(m.index, heads[i + 1]?.index ?? bicep.length) }));
}

describe('infra/azure.bicep keeps the data in the UK', () => {
  it('takes its region from a parameter that allows UK South and UK West only, UK South by default', () => {
    expect(bicep).toMatch(/@allowed\(\[\s*'uksouth'\s*'ukwest'\s*\]\)\s*param location string = 'uksouth'/);
    expect(bicep).not.toMatch(/resourceGroup\(\)\.location/);
  });

  it('places the App Service plan, the app and its log settings there', () => {
    const all = resources();
    const app = all.filter((r) => r.type.startsWith('Microsoft.Web/'));
    expect(app.map((r) => r.type)).toEqual(expect.arrayContaining(['Microsoft.Web/serverfarms', 'Microsoft.Web/sites', 'Microsoft.Web/sites/config']));
    for (const r of app) {
      // A child resource (parent:) is where its parent is.
      if (/^\s+parent: /m.test(r.body)) continue;
      expect([r.name, /^\s+location: (\w+)$/m.exec(r.body)?.[1]]).toEqual([r.name, 'location']);
    }
    // The log stays on the app's own disk: nothing sends it to a workspace or a storage account.
    expect(bicep).not.toMatch(/Microsoft\.Insights|OperationalInsights|Microsoft\.Storage|APPLICATIONINSIGHTS/);
  });

  it('makes the Azure Bot regional in Europe unless botDataResidency is global', () => {
    expect(bicep).toMatch(/param botDataResidency string = 'europe'/);
    expect(bicep).toMatch(/var botLocation = botDataResidency == 'europe' \? 'westeurope' : 'global'/);
    const bots = resources().filter((r) => r.type.startsWith('Microsoft.BotService/'));
    expect(bots.length).toBe(2);
    for (const r of bots) expect(/^\s+location: (\w+)$/m.exec(r.body)?.[1]).toBe('botLocation');
    expect(bicep).not.toMatch(/location: 'global'/);
  });
});
