/**
 * The comparison server of `npm run bench`: PostGraphile 4.14 with @graphile/pg-aggregates
 * 0.1.1 (grouped aggregates) and the connection filter plugin, on the same database, on
 * loopback. Usage: node server.cjs <DATABASE_URL> <port>. Prints "ready" once it listens.
 */
const http = require('node:http');
const { postgraphile } = require('postgraphile');
const PgAggregatesPlugin = require('@graphile/pg-aggregates').default;
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter');
const { makeAddInflectorsPlugin, makeJSONPgSmartTagsPlugin } = require('graphile-utils');

// Enum values such as 部 or 本部 (department_kind) have no GraphQL name after camel-casing.
const EnumNamesPlugin = makeAddInflectorsPlugin(
  (previous) => {
    const original = previous.enumName; // captured now: `previous` is then given the override
    return {
      enumName(value) {
        const name = original.call(this, value);
        return /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) ? name : `V_${Buffer.from(String(value)).toString('hex')}`;
      },
    };
  },
  true,
);

// The function policy_node_classes(cities, scheme) and the table policy_node_class would both be
// named PolicyNodeClassesConnection: the function gets its own name.
const NamesPlugin = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: { procedure: { policy_node_classes: { tags: { name: 'policyNodeClassesOfCities' } } } },
});

const [, , url, port] = process.argv;
const handler = postgraphile(url, 'public', {
  appendPlugins: [EnumNamesPlugin, NamesPlugin, ConnectionFilterPlugin, PgAggregatesPlugin],
  graphqlRoute: '/graphql',
  disableDefaultMutations: true,
  dynamicJson: true,
  retryOnInitFail: false,
  disableQueryLog: true,
  enableQueryBatching: false,
  graphileBuildOptions: { connectionFilterAllowedOperators: ['includesInsensitive', 'isNull', 'equalTo', 'in'] },
});
http.createServer(handler).listen(Number(port), '127.0.0.1', () => console.log('ready'));
