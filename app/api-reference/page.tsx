import { PageHeader } from '@/components/PageHeader';
import { openApiDocument } from '@/lib/openapi/openApiDocument';
import { routeModules } from '../api/openapi.json/routeModules';

type Operation = {
  description: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
};

// Rendered on request: the route modules it reads import the database layer, which a build has no use for.
export const dynamic = 'force-dynamic';

/** A readable reference of /api/openapi.json: every route, who may call it, and what it takes. */
export default function ApiReferencePage() {
  const document = openApiDocument(routeModules);
  return (
    <>
      <PageHeader
        title="API reference"
        subtitle={
          <>
            Every route of the HTTP API, generated from the schemas that validate its requests. Machine-readable:{' '}
            <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
          </>
        }
      />
      <div className="stack">
        {Object.entries(document.paths).map(([path, operations]) =>
          Object.entries(operations as Record<string, Operation>).map(([method, operation]) => (
            <section key={`${method} ${path}`} className="panel" aria-label={`${method.toUpperCase()} ${path}`}>
              <h2 className="small">
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h2>
              <p className="muted small">{operation.description}</p>
              {operation.parameters.length ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Parameter</th>
                      <th scope="col">In</th>
                      <th scope="col">Required</th>
                      <th scope="col">Schema</th>
                    </tr>
                  </thead>
                  <tbody>
                    {operation.parameters.map((parameter) => (
                      <tr key={`${parameter.in}-${parameter.name}`}>
                        <td>
                          <code>{parameter.name}</code>
                        </td>
                        <td>{parameter.in}</td>
                        <td>{parameter.required ? 'yes' : 'no'}</td>
                        <td>
                          <code className="small">{JSON.stringify(parameter.schema)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {operation.requestBody
                ? Object.entries(operation.requestBody.content).map(([type, body]) => (
                    <details key={type}>
                      <summary className="small">Request body ({type})</summary>
                      <pre className="small">{JSON.stringify(body.schema, null, 2)}</pre>
                    </details>
                  ))
                : null}
            </section>
          )),
        )}
      </div>
    </>
  );
}
