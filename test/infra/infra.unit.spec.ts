/**
 * Static checks of infra/ (no Docker, no cluster): the compose file, the k8s
 * manifests, the nginx front and the Dockerfile agree with each other and with
 * the code (the variables libs/runtime reads, the build output layout, the
 * shutdown timer, the health route).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigError, loadConfig } from '@catalyse/runtime';

const ROOT = resolve(__dirname, '..', '..');
const INFRA = join(ROOT, 'infra');
const K8S = join(INFRA, 'k8s');
const read = (...parts: string[]): string => readFileSync(join(ROOT, ...parts), 'utf8');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown, what: string): Obj => {
  if (!isObj(v)) throw new Error(`${what} is not a mapping`);
  return v;
};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

// ── the code's side ──

/** Every variable loadConfig reads: `env['X']` and the helpers' `(env, 'X', …)`, in config.ts and auth-config.ts (tokens). */
function runtimeVariables(): Set<string> {
  const source = read('libs/runtime/src/config.ts') + read('libs/runtime/src/auth-config.ts');
  const names = new Set<string>();
  for (const m of source.matchAll(/env\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) names.add(m[1] as string);
  for (const m of source.matchAll(/\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g)) names.add(m[1] as string);
  return names;
}
const RUNTIME_VARS = runtimeVariables();
const SCALED_OUT_REQUIRED = ['EVENT_STORE', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET'];
/** The services deployed scaled out, and the apps folder of each. */
const SERVICES = ['api', 'hub', 'projector'] as const;
const HTTP_SERVICES = ['api', 'hub'] as const;
/** Every service that answers `/api/health` for its probes. */
const PROBED_SERVICES = ['api', 'hub', 'projector'] as const;

/** The default close timer of closeOnSignals, in seconds. */
function shutdownGraceSeconds(): number {
  const m = /graceMs\s*=\s*([\d_]+)/.exec(read('libs/runtime/src/shutdown.ts'));
  if (!m) throw new Error('closeOnSignals(…, graceMs = N) not found in libs/runtime/src/shutdown.ts');
  return Number((m[1] as string).replace(/_/g, '')) / 1000;
}

/** Where the build puts an app's entry point: tsconfig.build's outDir, rootDir-relative. */
function builtMain(app: string): string {
  const build = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string } };
  const base = JSON.parse(read('tsconfig.base.json')) as { compilerOptions: { rootDir: string } };
  expect(resolve(ROOT, base.compilerOptions.rootDir)).toBe(ROOT);
  return relative(ROOT, join(ROOT, build.compilerOptions.outDir, 'apps', app, 'src', 'main.js'));
}

// ── infra's side ──

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function parseYaml(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
  if (!Array.isArray(docs)) throw new Error(`${path}: not a YAML stream`);
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${relative(ROOT, path)}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  return docs.map((doc) => doc.toJS({ maxAliasCount: 1000 }) as unknown).filter((d) => d !== null && d !== undefined);
}

interface K8sObject extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  file: string;
}

function k8sObjects(): K8sObject[] {
  return yamlFiles(K8S).flatMap((file) => parseYaml(file).map((doc) => ({ ...obj(doc, relative(ROOT, file)), file: relative(K8S, file) }) as K8sObject));
}

const K8S_OBJECTS = k8sObjects();
const ofKind = (kind: string): K8sObject[] => K8S_OBJECTS.filter((o) => o.kind === kind);
const named = (kind: string, name: string): K8sObject => {
  const found = ofKind(kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in infra/k8s`);
  return found;
};
const deploymentOf = (service: string): K8sObject => named('Deployment', `catalyse-${service}`);
const podSpec = (d: K8sObject): Obj => obj(obj(obj(d['spec'], 'spec')['template'], 'template')['spec'], 'pod spec');
const containers = (d: K8sObject): Obj[] => arr(podSpec(d)['containers']).map((c) => obj(c, 'container'));
const containerPorts = (c: Obj): { name?: string; containerPort: number }[] =>
  arr(c['ports']).map((p) => obj(p, 'port') as { name?: string; containerPort: number });
/** A probe or backend port (number or name) as a container port number. */
const resolvePort = (c: Obj, port: unknown): number | undefined =>
  containerPorts(c).find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port))?.containerPort;

/** The environment of a Deployment's container, resolved from env, ConfigMaps and Secrets. */
function k8sEnvironment(c: Obj): Map<string, string> {
  const env = new Map<string, string>();
  for (const from of arr(c['envFrom']).map((f) => obj(f, 'envFrom'))) {
    if (isObj(from['configMapRef'])) {
      const data = obj(named('ConfigMap', str(from['configMapRef']['name']))['data'], 'ConfigMap data');
      for (const [k, v] of Object.entries(data)) env.set(k, str(v));
    } else if (isObj(from['secretRef'])) {
      const data = obj(named('Secret', str(from['secretRef']['name']))['stringData'], 'Secret stringData');
      for (const [k, v] of Object.entries(data)) env.set(k, str(v));
    } else {
      throw new Error(`unsupported envFrom ${JSON.stringify(from)}`);
    }
  }
  for (const e of arr(c['env']).map((x) => obj(x, 'env'))) env.set(str(e['name']), e['value'] === undefined ? 'from-ref' : str(e['value']));
  return env;
}

const COMPOSE = obj(parseYaml(join(INFRA, 'compose.yaml'))[0], 'compose.yaml');
const composeServices = obj(COMPOSE['services'], 'compose services');
const composeService = (name: string): Obj => obj(composeServices[name], `compose service ${name}`);

function composeEnvironment(service: Obj): Map<string, string> {
  const raw = service['environment'];
  if (Array.isArray(raw)) {
    return new Map(
      raw.map((line) => {
        const [k, ...v] = str(line).split('=');
        return [k as string, v.join('=')];
      }),
    );
  }
  return new Map(Object.entries(obj(raw ?? {}, 'environment')).map(([k, v]) => [k, str(v)]));
}

/** What an operator sets a required variable to: long enough for every secret (JWT_SECRET, METRICS_TOKEN: 32 characters). */
const OPERATOR_VALUE = 'set-by-the-operator-with-openssl-rand-base64-48';

/** Compose interpolation as `docker compose` would do it with the required variables set. */
const interpolate = (value: string): string =>
  value.replace(/\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}/g, (_, _name: string, op?: string, arg?: string) => (op === '-' ? (arg ?? '') : OPERATOR_VALUE));

const DOCKERFILE = read('infra/Dockerfile');
interface Stage {
  name: string;
  exec: string[];
}
/** Build stages (`FROM … AS name`) with the exec-form command each runs (ENTRYPOINT + CMD). */
function dockerStages(): Stage[] {
  const stages: Stage[] = [];
  for (const line of DOCKERFILE.split('\n')) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? '', exec: [] });
    const run = /^(CMD|ENTRYPOINT)\s+(\[.*\])\s*$/i.exec(line);
    if (run && stages.length > 0) {
      const stage = stages[stages.length - 1] as Stage;
      const args = JSON.parse(run[2] as string) as string[];
      stage.exec = run[1]?.toUpperCase() === 'ENTRYPOINT' ? [...args, ...stage.exec] : [...stage.exec, ...args];
    }
  }
  return stages;
}

// ── the checks ──

describe('infra/ (static)', () => {
  it('derives the runtime variables from libs/runtime (the regex still finds them)', () => {
    for (const name of ['PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', ...SCALED_OUT_REQUIRED]) expect(RUNTIME_VARS).toContain(name);
  });

  it('parses every YAML document under infra/', () => {
    const files = yamlFiles(INFRA);
    expect(files.map((f) => relative(INFRA, f))).toEqual(expect.arrayContaining(['compose.yaml', join('k8s', 'api.yaml')]));
    for (const file of files) expect(parseYaml(file).length).toBeGreaterThan(0);
  });

  describe('k8s', () => {
    it('gives every object an apiVersion, a kind and a name, in the catalyse namespace', () => {
      expect(K8S_OBJECTS.length).toBeGreaterThan(5);
      for (const o of K8S_OBJECTS) {
        expect({ file: o.file, apiVersion: typeof o.apiVersion, kind: typeof o.kind, name: typeof o.metadata?.name }).toEqual({
          file: o.file,
          apiVersion: 'string',
          kind: 'string',
          name: 'string',
        });
        if (!['Namespace', 'Kustomization'].includes(o.kind)) expect(`${o.file}: ${o.metadata.namespace}`).toBe(`${o.file}: catalyse`);
      }
    });

    it('lists every manifest in kustomization.yaml, except the Secret template', () => {
      const kustomization = named('Kustomization', 'catalyse');
      const listed = arr(kustomization['resources']).map(str).sort();
      const manifests = [...new Set(K8S_OBJECTS.filter((o) => o.kind !== 'Kustomization' && o.kind !== 'Secret').map((o) => o.file))].sort();
      expect(listed).toEqual(manifests);
      for (const secret of ofKind('Secret')) expect(listed).not.toContain(secret.file);
    });

    it('has a Deployment per service, api and hub with at least 2 replicas, the projector with exactly 2', () => {
      for (const s of HTTP_SERVICES) expect(obj(deploymentOf(s)['spec'], 'spec')['replicas']).toBeGreaterThanOrEqual(2);
      const projector = obj(deploymentOf('projector')['spec'], 'spec');
      expect(projector['replicas']).toBe(2);
      // One leader + one standby, never a third pod during a rollout.
      expect(obj(obj(projector['strategy'], 'strategy')['rollingUpdate'], 'rollingUpdate')['maxSurge']).toBe(0);
    });

    it('routes every Service to one Deployment, on a port its container listens on', () => {
      const services = ofKind('Service');
      expect(services.map((s) => s.metadata.name).sort()).toEqual(['catalyse-api', 'catalyse-hub', 'catalyse-projector']);
      for (const service of services) {
        const selector = obj(obj(service['spec'], 'spec')['selector'], 'selector');
        const matching = ofKind('Deployment').filter((d) => {
          const labels = obj(obj(obj(d['spec'], 'spec')['template'], 'template')['metadata'], 'metadata')['labels'] as Obj;
          return Object.entries(selector).every(([k, v]) => labels[k] === v);
        });
        expect(matching.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
        const [container] = containers(matching[0] as K8sObject);
        for (const port of arr(obj(service['spec'], 'spec')['ports']).map((p) => obj(p, 'service port'))) {
          expect({ service: service.metadata.name, targetPort: resolvePort(container as Obj, port['targetPort']) }).toEqual({
            service: service.metadata.name,
            targetPort: expect.any(Number),
          });
        }
      }
      // …and every Deployment that listens has a Service.
      for (const d of ofKind('Deployment').filter((x) => containers(x).some((c) => containerPorts(c).length > 0))) {
        expect(services.map((s) => s.metadata.name)).toContain(d.metadata.name);
      }
    });

    it('probes hub and projector on /api/health at the container port (the port loadConfig reads), the api on /api/health/ready, the projector’s liveness on /api/health/live', () => {
      for (const s of PROBED_SERVICES) {
        const [container] = containers(deploymentOf(s));
        const c = container as Obj;
        const port = Number(k8sEnvironment(c).get('PORT'));
        expect(containerPorts(c).map((p) => p.containerPort)).toEqual([port]);
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          const httpGet = obj(obj(c[probe], `${s} ${probe}`)['httpGet'], `${s} ${probe}.httpGet`);
          // A projector stuck on a failing batch is not ready, but a restart would not mend it (nor a store out of reach);
          // an api without a projector still records commands (its own stores say whether it can serve).
          const path = s === 'api' ? '/api/health/ready' : s === 'projector' && probe === 'livenessProbe' ? '/api/health/live' : '/api/health';
          expect({ s, probe, path: httpGet['path'], port: resolvePort(c, httpGet['port']) }).toEqual({ s, probe, path, port });
        }
      }
    });

    it('the projector app listens (for its probes) on the port and host loadConfig reads', () => {
      expect(read('apps/projector/src/main.ts')).toMatch(/\.listen\(config\.port, config\.host\)/);
      expect(read('apps/projector/src/main.ts')).toMatch(/setGlobalPrefix\('api'\)/);
    });

    it('sets requests and limits on every container', () => {
      for (const d of ofKind('Deployment')) {
        for (const c of containers(d)) {
          const resources = obj(c['resources'], `${d.metadata.name} resources`);
          expect(Object.keys(obj(resources['requests'], 'requests')).sort()).toEqual(['cpu', 'memory']);
          expect(Object.keys(obj(resources['limits'], 'limits'))).toContain('memory');
        }
      }
    });

    it('waits longer than preStop plus the services own shutdown timer before SIGKILL', () => {
      const grace = shutdownGraceSeconds();
      for (const d of ofKind('Deployment')) {
        const preStop = containers(d)
          .map((c) => arr(obj(obj(obj(c['lifecycle'] ?? {}, 'lifecycle')['preStop'] ?? {}, 'preStop')['exec'] ?? {}, 'exec')['command']))
          .map((cmd) => (cmd[0] === 'sleep' ? Number(cmd[1]) : 0));
        const total = grace + Math.max(0, ...preStop);
        expect({ d: d.metadata.name, ok: Number(podSpec(d)['terminationGracePeriodSeconds']) > total }).toEqual({ d: d.metadata.name, ok: true });
      }
    });

    it('reads only variables libs/runtime reads, with the scaled-out ones set, and loadConfig accepts them', () => {
      for (const s of SERVICES) {
        for (const c of containers(deploymentOf(s))) {
          const env = k8sEnvironment(c);
          const unknown = [...env.keys()].filter((k) => !RUNTIME_VARS.has(k));
          expect({ s, unknown }).toEqual({ s, unknown: [] });
          for (const name of SCALED_OUT_REQUIRED) expect({ s, name, set: (env.get(name) ?? '') !== '' }).toEqual({ s, name, set: true });
          // The template's placeholder is refused (a service never signs with CHANGE_ME), the operator's secret accepted.
          expect(env.get('JWT_SECRET')).toBe('CHANGE_ME');
          expect(() => loadConfig(Object.fromEntries(env))).toThrow(
            new ConfigError('JWT_SECRET doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)'),
          );
          const config = loadConfig(Object.fromEntries([...env, ['JWT_SECRET', OPERATOR_VALUE]]));
          expect(config.eventStore).not.toBe('sqlite');
          expect(config.port).toBeGreaterThan(0);
        }
      }
    });

    it('keeps only placeholders in Secrets', () => {
      const secrets = ofKind('Secret');
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(secret['data']).toBeUndefined(); // base64 hides what is in it: stringData only
        const values = Object.entries(obj(secret['stringData'], 'stringData'));
        expect(values.length).toBeGreaterThan(0);
        for (const [key, value] of values) expect({ key, placeholder: /CHANGE_ME/.test(str(value)) }).toEqual({ key, placeholder: true });
        // A password inside a URL must be the placeholder too.
        for (const [key, value] of values) {
          const password = /^[a-z+]+:\/\/[^:/@]*:([^@]*)@/.exec(str(value))?.[1];
          if (password !== undefined) expect({ key, password }).toEqual({ key, password: 'CHANGE_ME' });
        }
      }
    });

    it('sends /socket.io/ to the hub with cookie affinity, and /api to the api', () => {
      const routes = ofKind('Ingress').flatMap((ingress) =>
        arr(obj(ingress['spec'], 'spec')['rules']).flatMap((rule) =>
          arr(obj(obj(rule, 'rule')['http'], 'http')['paths']).map((p) => {
            const path = obj(p, 'path');
            const service = obj(obj(path['backend'], 'backend')['service'], 'service');
            return { ingress, path: str(path['path']), service: str(service['name']), port: obj(service['port'], 'port') };
          }),
        ),
      );
      const hub = routes.find((r) => r.path === '/socket.io/');
      const api = routes.find((r) => r.path === '/api');
      expect(hub?.service).toBe('catalyse-hub');
      expect(api?.service).toBe('catalyse-api');
      expect(hub?.ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
      for (const r of routes) {
        const ports = arr(obj(named('Service', r.service)['spec'], 'spec')['ports']).map((p) => obj(p, 'p'));
        const matching = ports.filter((p) => p['name'] === r.port['name'] || p['port'] === r.port['number']);
        expect({ route: r.path, service: r.service, ports: matching.length }).toEqual({ route: r.path, service: r.service, ports: 1 });
      }
    });
  });

  describe('compose', () => {
    const built = Object.entries(composeServices).filter(([, s]) => isObj(s) && s['build'] !== undefined);

    it('builds exactly the three services from infra/Dockerfile, each from its own stage', () => {
      expect(built.map(([name]) => name).sort()).toEqual([...SERVICES].sort());
      const stages = dockerStages().map((s) => s.name);
      for (const [name, service] of built) {
        const build = obj(obj(service, name)['build'], `${name}.build`);
        expect(resolve(INFRA, str(build['context']), str(build['dockerfile']))).toBe(join(INFRA, 'Dockerfile'));
        expect(build['target']).toBe(name);
        expect(stages).toContain(name);
      }
    });

    it('runs api ×2, hub ×2 and projector ×2, with the backing services', () => {
      for (const s of SERVICES) expect({ s, replicas: obj(composeService(s)['deploy'], `${s}.deploy`)['replicas'] }).toEqual({ s, replicas: 2 });
      expect(str(composeService('postgres')['image'])).toMatch(/^postgres:15/);
      expect(str(composeService('redis')['image'])).toMatch(/^redis:7/);
      expect(composeService('kurrentdb')['profiles']).toEqual(['kurrentdb']);
    });

    it('reads only variables libs/runtime reads, with the scaled-out ones set, and loadConfig accepts them', () => {
      for (const s of SERVICES) {
        const env = composeEnvironment(composeService(s));
        const unknown = [...env.keys()].filter((k) => !RUNTIME_VARS.has(k));
        expect({ s, unknown }).toEqual({ s, unknown: [] });
        for (const name of SCALED_OUT_REQUIRED) expect({ s, name, set: (env.get(name) ?? '') !== '' }).toEqual({ s, name, set: true });
        // No literal secret: the operator provides it, and compose refuses to start without it.
        expect(env.get('JWT_SECRET')).toMatch(/^\$\{JWT_SECRET:\?[^}]*\}$/);
        const config = loadConfig(Object.fromEntries([...env].map(([k, v]) => [k, interpolate(v)])));
        expect(config.eventStore).toBe('postgres');
        expect(config.databaseUrl).toContain('@postgres:');
        expect(config.redisUrl).toContain('//redis:');
      }
    });

    it('passes every variable infra/.env.example lists to compose, the OpenID Connect ones as the services read them', () => {
      const example = read('infra/.env.example');
      const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string);
      const compose = read('infra/compose.yaml');
      expect(listed.filter((name) => !compose.includes(`\${${name}:`))).toEqual([]);
      const oidc = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_SUBJECT_CLAIM', 'OIDC_ROLE_CLAIM', 'OIDC_ORG_CLAIM', 'OIDC_ROLE_VALUES', 'OIDC_JWKS_URI'];
      for (const name of oidc) expect({ name, runtime: RUNTIME_VARS.has(name) }).toEqual({ name, runtime: true });
      expect(oidc.filter((name) => !listed.includes(name))).toEqual([]);
      for (const s of SERVICES) {
        const env = composeEnvironment(composeService(s));
        expect(oidc.filter((name) => env.get(name) !== `\${${name}:-}`)).toEqual([]);
      }
      // The k8s ConfigMap lists them too, commented out (set them to use an issuer).
      const configMap = read('infra/k8s/configmap.yaml');
      expect(oidc.filter((name) => !new RegExp(`^\\s*# ${name}: \\S`, 'm').test(configMap))).toEqual([]);
    });

    it('checks api and hub health on /api/health at their PORT, and gives them time to close', () => {
      const grace = shutdownGraceSeconds();
      for (const s of HTTP_SERVICES) {
        const service = composeService(s);
        const port = composeEnvironment(service).get('PORT');
        const test = arr(obj(service['healthcheck'], `${s}.healthcheck`)['test'])
          .map(str)
          .join(' ');
        expect(test).toContain(`:${port}/api/health`);
      }
      for (const s of SERVICES) {
        const stop = /^(\d+)s$/.exec(str(composeService(s)['stop_grace_period']));
        expect({ s, ok: stop !== null && Number(stop[1]) > grace }).toEqual({ s, ok: true });
      }
    });

    it('fronts them with nginx: /socket.io/ sticky (ip_hash) to the hubs, /api to the apis, websocket upgrade', () => {
      const nginx = composeService('nginx');
      const mount = arr(nginx['volumes'])
        .map(str)
        .find((v) => v.includes('nginx.conf'));
      expect(mount).toMatch(/^\.\/nginx\/nginx\.conf:.*nginx\.conf(:ro)?$/);
      const conf = readFileSync(resolve(INFRA, (mount as string).split(':')[0] as string), 'utf8');
      const upstreams = new Map([...conf.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)].map((m) => [m[1] as string, m[2] as string]));
      const location = (path: string): string => {
        const m = new RegExp(`location\\s+${path.replace(/\//g, '\\/')}\\s*\\{([^}]*)\\}`).exec(conf);
        if (!m) throw new Error(`no location ${path} in nginx.conf`);
        return m[1] as string;
      };
      const upstreamOf = (path: string): string => {
        const name = /proxy_pass\s+http:\/\/([^/;\s]+)/.exec(location(path))?.[1];
        const body = name ? upstreams.get(name) : undefined;
        if (!body) throw new Error(`location ${path} proxies to no upstream`);
        return body;
      };
      const hub = upstreamOf('/socket.io/');
      expect(hub).toMatch(/\bip_hash;/);
      expect(hub).toMatch(/server\s+hub:3000\b/);
      expect(upstreamOf('/api')).toMatch(/server\s+api:3000\b/);
      expect(location('/socket.io/')).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade/);
      expect(location('/socket.io/')).toMatch(/proxy_http_version\s+1\.1/);
      for (const s of HTTP_SERVICES) expect(composeEnvironment(composeService(s)).get('PORT')).toBe('3000');
    });
  });

  describe('Dockerfile', () => {
    const stages = dockerStages();

    it('builds on Node 20 with the toolchain better-sqlite3 compiles with, then npm install and npm run build', () => {
      expect(DOCKERFILE).toMatch(/^FROM node:20\S* AS build$/m);
      expect(DOCKERFILE).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
      const install = DOCKERFILE.search(/^RUN npm install --no-audit/m);
      const build = DOCKERFILE.search(/^RUN npm run build/m);
      expect(install).toBeGreaterThan(0);
      expect(build).toBeGreaterThan(install);
    });

    it('runs each service from where the build puts it (dist/apps/<app>/src/main.js)', () => {
      const apps = readdirSync(join(ROOT, 'apps')).filter((a) => existsSync(join(ROOT, 'apps', a, 'src', 'main.ts')));
      expect(apps).toEqual(expect.arrayContaining([...SERVICES]));
      const runnable = stages.filter((s) => s.exec.some((a) => a.includes('main.js')));
      for (const stage of runnable) {
        expect(stage.exec[0]).toBe('node');
        expect({ stage: stage.name, main: stage.exec[1] }).toEqual({ stage: stage.name, main: builtMain(stage.name) });
        expect(apps).toContain(stage.name);
      }
      for (const s of SERVICES) expect(runnable.map((r) => r.name)).toContain(s);
      // npm run start:<service> runs the same file (package.json is the reference outside Docker).
      const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
      for (const s of SERVICES) expect(scripts[`start:${s}`]).toBe(`node ${builtMain(s)}`);
    });
  });
});
