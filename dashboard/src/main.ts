import { createApp, h, provide } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { createApolloClient } from './shared/apollo';
import './styles.css';

const apollo = createApolloClient();
const app = createApp({
  setup() {
    provide(DefaultApolloClient, apollo);
  },
  render: () => h(App),
});
app.use(router).use(i18n).mount('#app');

// Start fetching the chart library while the first queries run, instead of after their data
// arrives (it is loaded on demand, so pages without charts never wait for it to parse).
void import('apexcharts');
