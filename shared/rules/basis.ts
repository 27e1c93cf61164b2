/**
 * Legal bases a reviewer cites. Article numbers follow the 2019 revision of
 * 《中华人民共和国政府信息公开条例》 and the 2021 《个人信息保护法》.
 */
export const BASIS = {
  personalPrivacy:
    '《中华人民共和国政府信息公开条例》第十五条（涉及个人隐私，公开会对第三方合法权益造成损害的，不予公开）；《中华人民共和国个人信息保护法》第十三条、第二十五条',
  personalSensitive:
    '《中华人民共和国政府信息公开条例》第十五条（个人隐私）；《中华人民共和国个人信息保护法》第二十八条（敏感个人信息）',
  securityStability:
    '《中华人民共和国政府信息公开条例》第十四条（公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开）',
} as const;
