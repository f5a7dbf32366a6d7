/** The awards pages' strings (top-level key `awards`). `en.ts` has the same keys. */
const awards = {
  menu: { group: '评选表彰', campaigns: '最美评选', mine: '我的评选' },
  kind: { family: '最美家庭', stairwell: '最美楼道', courtyard: '最美庭院' },
  method: { score: '打分（1–5 星）', rankedChoice: '排序选择' },
  status: { nominating: '推荐中', voting: '投票中', tied: '票数并列待定', published: '已公布' },
  nominationStatus: { nominated: '待审核', accepted: '已入围', declined: '未采纳', winner: '获评', notChosen: '未获评' },
  campaign: {
    title: '最美评选', pick: '选择评选活动', none: '暂无评选活动', create: '发起评选', created: '已发起', community: '社区编码', kind: '类别',
    year: '年度', name: '名称', method: '评选方式', winners: '评选名额', yearOf: '{year} 年度', places: '名额 {n} 个',
    openVote: '开始投票', voteDays: '投票天数', closeVote: '结束投票并公布', motion: '查看表决', votes: '投票进行中，居民在“我的投票”中投票。',
  },
  nominations: {
    title: '推荐名单', label: '推荐对象', reason: '推荐理由', status: '状态', by: '推荐人', staff: '社区', resident: '居民', accept: '入围', decline: '不采纳',
    empty: '暂无推荐', nominee: '推荐对象编码', total: '总分', ratings: '评分人数',
  },
  nominate: {
    title: '推荐', stairwell: '楼道', room: '室号', roomHint: '如 301', reason: '推荐理由', agreedName: '公示称呼（经家庭同意，可不填）', submit: '提交推荐', done: '推荐已提交',
    waiting: '推荐已提交，社区审核后入围', pickStairwell: '请选择楼道',
  },
  tie: { title: '票数并列', explain: '最后 {n} 个名额票数并列，请在并列对象中选定，并写明处理方式。', note: '处理说明（如 评审小组复议、现场抽签）', settle: '确定获评', tied: '并列' },
  winners: { title: '获评名单', none: '投票结束后公布', note: '并列处理：{note}' },
  mine: {
    title: '最美评选', empty: '本社区暂无评选活动', back: '返回', vote: '去投票', voteHint: '每户一票，在“我的投票”中为入围对象打分或排序。', nominees: '入围名单',
    waitTie: '票数并列，待社区确定后公布。',
  },
};

export default awards;
