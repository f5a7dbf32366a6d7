/** The votes console's strings (top-level key `votes` of the console's messages). `en.ts` has the same keys. */
const votes = {
  menu: { group: '表决', motions: '表决事项', motion: '表决详情', mine: '我的表决' },
  method: { civilCode278: '业主共同决定（民法典第278条）', simpleMajority: '简单多数', approvalSelect: '多选N项', rankedChoice: '排序选择', score: '评分' },
  electorate: { owners: '业主（按面积和人数）', households: '每户一票', body: '议事机构成员', attendees: '到会成员' },
  phase: { draft: '草稿', announced: '已公告，未开始', open: '投票中', counting: '已截止，待计票', closed: '已结束', cancelled: '已撤销' },
  channel: { web: '网上', paper: '纸质', doorToDoor: '入户' },
  choice: { yes: '同意', no: '反对', abstain: '弃权' },
  outcome: { PASSED: '通过', FAILED_QUORUM: '未通过：参与表决不足', FAILED_APPROVAL: '未通过：同意不足', NO_ELECTORATE: '表决范围为空', ELECTED: '已选出', TIE: '出现并列', PARTIAL: '部分名额未选出', NO_BALLOTS: '没有有效票' },
  list: { title: '表决事项', create: '新建表决', empty: '暂无表决事项', name: '事项', method: '计票方式', phase: '状态', closesAt: '截止时间', secret: '无记名' },
  form: {
    title: '事项名称', text: '事项内容', method: '计票方式', rule: '计票规则（JSON）', ruleHint: '格式见 docs/tally.md，不含名册、选票和截止时间',
    electorate: '表决范围', electorateCode: '范围编码（楼栋、单元或网格）', scopeCode: '所属单位编码', secret: '无记名投票', opensAt: '开始时间', closesAt: '截止时间', created: '已创建草稿',
  },
  motion: {
    announce: '公告并冻结名册', announced: '已公告，名册已冻结', close: '结束并计票', closeConfirm: '确定现在结束投票并计票？', cancel: '撤销', closed: '已计票',
    roll: '表决名册', rollSize: '名册 {size} 人（户），已投 {voted}', voter: '投票人', voted: '投票时间', channel: '方式', area: '面积（㎡）',
    enter: '录入纸质/入户选票', enterVoter: '投票人', enterChannel: '方式', spoiled: '废票', submit: '录入', entered: '已录入',
    ballots: '收到的选票', enteredBy: '录入人', superseded: '已被替代', effective: '有效',
    result: '表决结果', explanation: '计票说明', papers: '打印表决票', notice: '结果公告', tallyFile: '计票文件（可复核）', noResult: '结束后公布结果',
  },
  mine: {
    title: '我的表决', empty: '暂无与您有关的表决', vote: '投票', change: '改投', submit: '提交', voted: '已于 {at} 投票', notVoted: '尚未投票',
    receipt: '您的凭证码（请保存，改票时需要）：', receiptCode: '凭证码', thanks: '投票成功', result: '结果', pick: '最多选 {max} 项', rank: '名次', score: '分数',
    notOnRoll: '您的家庭不在本次表决名册内', back: '返回',
  },
};

export default votes;
