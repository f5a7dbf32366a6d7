import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { defineRoutes } from './router.ts';
import { routeDefs } from './routes.ts';
import { setLocale, locale } from './i18n.ts';

defineRoutes(routeDefs);
setLocale(locale.value);
createApp(App).use(ElementPlus).mount('#app');
